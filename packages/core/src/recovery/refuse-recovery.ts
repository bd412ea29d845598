import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { notifyOwner } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { recoveryRefusedMessage } from "./recovery-messages";
import { findOpenRelay } from "./vouch-for-recovery";

export type RefuseRecoveryOptions = { db: Db; tenant: Tenant; contactUserId: string; recoveryId: string; context: RequestContext; clock?: Clock };

/**
 * "They did not ask me" (also after reading out the code, for a contact who realises they were
 * fooled while the recovery is still open): a contact's word is enough to stop the attempt (whoever started it has
 * no way to argue), and the owner is warned on every channel.
 */
export async function refuseRecovery(options: RefuseRecoveryOptions): Promise<{ status: "refused" }> {
  const { db, tenant, contactUserId, recoveryId, context, clock = systemClock } = options;
  const now = clock.now();
  const relay = await findOpenRelay(db, tenant, contactUserId, recoveryId, now, { allowUsed: true });
  const owner = relay.contact.owner;
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const { count } = await tx.contactRecovery.updateMany({ where: { id: recoveryId, tenantId: tenant.id, status: "open" }, data: { status: "refused", endedAt: now } });
    if (count === 0) throw new AppError("CONFLICT", "This request has already ended. Nothing more is needed from you.");
    await tx.relayCode.update({ where: { id: relay.id }, data: { refusedAt: now } });
    const contact = await tx.user.findFirstOrThrow({ where: { id: contactUserId, tenantId: tenant.id }, select: { name: true } });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: owner.id,
      actor: { type: "user", id: contactUserId },
      type: "recovery.contact_refused",
      context,
      data: { recoveryId, contactId: relay.contactId },
    });
    await notifyOwner({
      tx,
      queueEmail,
      queueSms,
      tenant,
      user: owner,
      what: (details) => recoveryRefusedMessage({ tenantName: tenant.name }, { ...details, contactName: contact.name }),
      sms: `a recovery of your account was stopped because ${contact.name} said you had not asked them for help.`,
      context,
    });
    return { status: "refused" };
  });
}
