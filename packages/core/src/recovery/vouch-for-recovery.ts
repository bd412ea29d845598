import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { tryConsumeQuota } from "../rate-limit/quota";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { formatRelayCode, generateRelayCode, relayCodeHashes, relayCodeLifetimeMs } from "./relay-code";

export type VouchForRecoveryOptions = { db: Db; tenant: Tenant; contactUserId: string; recoveryId: string; context: RequestContext; clock?: Clock };

export type VouchedCode = { code: string; expiresAt: Date; ownerName: string };

/**
 * A signed-in contact confirms "yes, they asked me for help" and gets a code to read out (S24):
 * eight digits, valid 15 minutes, single use, bound to this recovery. Shown only in this answer;
 * asking again replaces it. Only a usable contact (accepted, past cooling-off) of an open
 * recovery gets one; anyone else gets the same "no request" answer.
 */
export async function vouchForRecovery(options: VouchForRecoveryOptions): Promise<VouchedCode> {
  const { db, tenant, contactUserId, recoveryId, context, clock = systemClock } = options;
  const now = clock.now();
  const relay = await findOpenRelay(db, tenant, contactUserId, recoveryId, now);
  if (!(await tryConsumeQuota({ name: "relay-code", key: relay.id }))) {
    throw new AppError("RATE_LIMITED", "You have asked for many codes for this request. Please try again later.", { retryAfterSeconds: 3600 });
  }
  const code = generateRelayCode();
  const [codeHash] = relayCodeHashes({ tenantId: tenant.id, recoveryId, code });
  const expiresAt = new Date(now.getTime() + relayCodeLifetimeMs);
  await db.$transaction(async (tx) => {
    const { count } = await tx.relayCode.updateMany({ where: { id: relay.id, usedAt: null, refusedAt: null }, data: { codeHash, issuedAt: now, expiresAt } });
    if (count === 0) throw new AppError("CONFLICT", "Your code for this request was already used. Nothing more is needed from you.");
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: relay.recovery.userId,
      actor: { type: "user", id: contactUserId },
      type: "recovery.contact_vouched",
      context,
      data: { recoveryId, contactId: relay.contactId },
    });
  });
  return { code: formatRelayCode(code), expiresAt, ownerName: relay.contact.owner.name };
}

/**
 * The contact's part of an open recovery. `allowUsed`: a contact who already read out their code
 * may still say they were tricked (refuse), but gets no second code.
 */
export async function findOpenRelay(db: Db, tenant: Tenant, contactUserId: string, recoveryId: string, now: Date, { allowUsed = false } = {}) {
  const relay = await db.relayCode.findFirst({
    where: {
      tenantId: tenant.id,
      recoveryId,
      refusedAt: null,
      contact: { contactUserId, status: "accepted", usableFrom: { lte: now }, tenantId: tenant.id },
      recovery: { status: "open", expiresAt: { gt: now }, tenantId: tenant.id },
    },
    select: { id: true, contactId: true, usedAt: true, recovery: { select: { userId: true } }, contact: { select: { owner: { select: { id: true, name: true, email: true } } } } },
  });
  if (!relay) throw new AppError("NOT_FOUND", "There is no request for help waiting for you. It may have been finished, cancelled or expired.");
  if (relay.usedAt && !allowUsed) throw new AppError("CONFLICT", "Your code for this request was already used. Nothing more is needed from you.");
  return relay;
}
