import type { Db, Tx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { issueEmailToken } from "../accounts/email-tokens";
import { normalizeEmail } from "../accounts/normalize-email";
import { hours, systemClock, type Clock } from "../clock";
import { effectiveThreshold } from "../contacts/contact-rules";
import { helpRequestedMessage } from "../contacts/contact-emails";
import { lockAccount } from "../accounts/lock-account";
import { assertContactsEnabled } from "../contacts/invite-trusted-contact";
import { hashToken, newSecretToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { tenantPageUrl, tokenLinkUrl } from "../notifications/links";
import { findVerifiedPhones } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import { tryConsumeQuota } from "../rate-limit/quota";
import { deviceLabel } from "../sessions/describe-user-agent";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { recoveryStartedMessage, recoveryStartedText } from "./recovery-messages";

export type StartContactRecoveryOptions = { db: Db; tenant: Tenant; email: string; context: RequestContext; clock?: Clock };

/** The locked-out person's browser keeps the token (an HttpOnly cookie); it names the attempt. */
export type StartedContactRecovery = { token: string; threshold: number; expiresAt: Date };

/**
 * "Ask my trusted contacts". The answer is the same whether or not the address has an account,
 * has enough usable contacts, or already has a recovery open (S5): each of those gets a decoy
 * attempt that looks the same and can never complete. A real one notifies the owner on every
 * verified channel with a one-click cancel link, and mails each usable contact.
 */
export async function startContactRecovery(options: StartContactRecoveryOptions): Promise<StartedContactRecovery> {
  const { db, tenant, context, clock = systemClock } = options;
  assertContactsEnabled(tenant);
  const email = normalizeEmail(options.email);
  // Keyed by the address whether or not it has an account (S5), and by the client address.
  const withinQuota =
    (await tryConsumeQuota({ name: "contact-recovery-start", key: `${tenant.id}:${email}` })) &&
    (context.ip === "unknown" || context.ip === "" || (await tryConsumeQuota({ name: "contact-recovery-start-ip", key: `${tenant.id}:${context.ip}` })));
  if (!withinQuota) {
    throw new AppError("RATE_LIMITED", "Too many recovery requests. Please try again tomorrow, or ask support for help.", { retryAfterSeconds: 3600 });
  }
  const token = newSecretToken();
  const now = clock.now();
  const waitingUntil = new Date(now.getTime() + hours(tenant.policy.contacts.waitingHours));
  const attempt = {
    tenantId: tenant.id,
    email,
    tokenHash: hashToken(token),
    waitingUntil,
    // The waiting period plus a day; every accepted code pushes it to at least a day later.
    expiresAt: new Date(waitingUntil.getTime() + hours(24)),
    ip: context.ip,
    userAgent: context.userAgent.slice(0, 512),
    createdAt: now,
  };
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const owner = await tx.user.findUnique({
      where: { tenantId_email: { tenantId: tenant.id, email } },
      select: { id: true, email: true, name: true, emailVerifiedAt: true, contactThreshold: true, disabledAt: true },
    });
    const threshold = owner ? effectiveThreshold(tenant.policy, owner.contactThreshold) : tenant.policy.contacts.threshold;
    // Locked, so two starts at once cannot both open an attempt (the second gets a decoy).
    if (owner) await lockAccount(tx, tenant.id, owner.id);
    const contacts = owner?.emailVerifiedAt ? await findUsableContacts(tx, tenant.id, owner.id, now) : [];
    // An account its tenant disabled is recovered by nobody: a decoy, like an unknown address (S5).
    const canStart = owner && !owner.disabledAt && contacts.length >= threshold && !(await hasOpenRecovery(tx, tenant.id, owner.id, now));
    if (!owner || !canStart) {
      await tx.contactRecovery.create({ data: { id: newId("contactRecovery"), userId: null, threshold: tenant.policy.contacts.threshold, ...attempt } });
      return { token, threshold: tenant.policy.contacts.threshold, expiresAt: attempt.expiresAt };
    }
    const recoveryId = newId("contactRecovery");
    await tx.contactRecovery.create({ data: { id: recoveryId, userId: owner.id, threshold, ...attempt } });
    await tx.relayCode.createMany({ data: contacts.map((contact) => ({ id: newId("relayCode"), tenantId: tenant.id, recoveryId, contactId: contact.id })) });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: owner.id,
      actor: { type: "anonymous" },
      type: "recovery.started",
      context,
      data: { recoveryId, method: "trusted_contacts", contactsAsked: contacts.length, threshold, waitingUntil: waitingUntil.toISOString() },
    });
    const brand = { tenantName: tenant.name };
    // Beside, not instead of, a support request's cancel link the owner may hold only in a text:
    // whoever starts this attempt must not be able to kill that one (each ends every recovery).
    const cancelToken = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: owner.id, purpose: "cancel_recovery", keepEarlier: true });
    const cancelUrl = tokenLinkUrl(tenant, "/recovery/cancel", cancelToken);
    const details = { when: now, device: deviceLabel(context.userAgent), ip: context.ip };
    await queueEmail({ tenantId: tenant.id, userId: owner.id, to: owner.email, ...recoveryStartedMessage(brand, { ...details, cancelUrl, waitingUntil }) });
    for (const to of await findVerifiedPhones(tx, tenant.id, owner.id)) {
      await queueSms({ tenantId: tenant.id, userId: owner.id, to, text: recoveryStartedText(brand, { cancelUrl }) });
    }
    const helpUrl = tenantPageUrl(tenant, "/trusted-contacts/helping");
    for (const contact of contacts) {
      const message = helpRequestedMessage(brand, { ownerName: owner.name, ownerEmail: owner.email, url: helpUrl });
      await queueEmail({ tenantId: tenant.id, userId: contact.contactUserId, to: contact.email, ...message });
    }
    // The tenant's number, as a decoy answers: the owner's own shows once codes arrive.
    return { token, threshold: tenant.policy.contacts.threshold, expiresAt: attempt.expiresAt };
  });
}

async function findUsableContacts(tx: Tx, tenantId: string, ownerId: string, now: Date) {
  const rows = await tx.trustedContact.findMany({
    where: { tenantId, ownerId, status: "accepted", usableFrom: { lte: now }, contactUser: { tenantId } },
    select: { id: true, contactUserId: true, contactUser: { select: { email: true } } },
  });
  return rows.flatMap((row) => (row.contactUserId && row.contactUser ? [{ id: row.id, contactUserId: row.contactUserId, email: row.contactUser.email }] : []));
}

/** Open and not past its end; an attempt past its end is closed on the way. */
async function hasOpenRecovery(tx: Tx, tenantId: string, userId: string, now: Date): Promise<boolean> {
  await tx.contactRecovery.updateMany({ where: { tenantId, userId, status: "open", expiresAt: { lte: now } }, data: { status: "expired", endedAt: now } });
  return (await tx.contactRecovery.count({ where: { tenantId, userId, status: "open" } })) > 0;
}
