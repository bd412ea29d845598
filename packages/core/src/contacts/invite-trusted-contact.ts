import { lockAccount } from "../accounts/lock-account";
import type { Db, Tx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { normalizeEmail } from "../accounts/normalize-email";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { tenantPageUrl } from "../notifications/links";
import { notifyOwner } from "../notifications/notify-owner";
import { withNotifications, type QueueEmail } from "../notifications/with-notifications";
import { tryConsumeQuota } from "../rate-limit/quota";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { contactInvitationMessage } from "./contact-emails";
import { holdsAPlace, invitationLifetimeMs } from "./contact-rules";

export type InviteTrustedContactOptions = {
  db: Db;
  tenant: Tenant;
  ownerId: string;
  email: string;
  context: RequestContext;
  clock?: Clock;
};

/**
 * Names a trusted contact by email address and mails them an invitation. The answer is the same
 * whether or not the address has an account here (the invitation itself says how to go on), so
 * the list cannot be used to learn who has an account. Callers require a fresh step-up (S12).
 */
export async function inviteTrustedContact(options: InviteTrustedContactOptions): Promise<{ contactId: string }> {
  const { db, tenant, ownerId, context, clock = systemClock } = options;
  assertContactsEnabled(tenant);
  const email = normalizeEmail(options.email);
  if (!(await tryConsumeQuota({ name: "contact-invitation-mail", key: `${tenant.id}:${ownerId}` }))) {
    throw new AppError("RATE_LIMITED", "You have sent many invitations in the last hour. Please try again later.", { retryAfterSeconds: 3600 });
  }
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const owner = await lockAccount(tx, tenant.id, ownerId);
    if (owner.email === email) throw new AppError("BAD_REQUEST", "You can’t be your own trusted contact. Choose someone you trust.");
    const now = clock.now();
    const live = await tx.trustedContact.findMany({
      where: { tenantId: tenant.id, ownerId, status: { in: ["invited", "accepted"] } },
      select: { id: true, email: true, status: true, inviteExpiresAt: true, usableFrom: true },
    });
    const existing = live.find((contact) => contact.email === email);
    if (existing?.status === "accepted") throw new AppError("CONFLICT", `${email} is already one of your trusted contacts.`);
    // An expired invitation holds no place: naming its address again takes one, like a new invitation.
    if (!(existing && holdsAPlace(existing, now)) && live.filter((contact) => holdsAPlace(contact, now)).length >= tenant.policy.contacts.max) {
      throw new AppError("CONFLICT", `You can have at most ${tenant.policy.contacts.max} trusted contacts. Remove one first.`);
    }
    const inviteExpiresAt = new Date(now.getTime() + invitationLifetimeMs);
    // Naming the same address again while it is invited sends the invitation again.
    const contactId = existing?.id ?? newId("trustedContact");
    if (existing) {
      await tx.trustedContact.update({ where: { id: existing.id }, data: { invitedAt: now, inviteExpiresAt } });
    } else {
      await tx.trustedContact.create({ data: { id: contactId, tenantId: tenant.id, ownerId, email, invitedAt: now, inviteExpiresAt } });
    }
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: ownerId,
      actor: { type: "user", id: ownerId },
      type: existing ? "contacts.invitation_resent" : "contacts.invited",
      context,
      data: { contactId, email },
    });
    await sendInvitation({ tx, queueEmail, tenant, owner, email });
    if (!existing) {
      await notifyOwner({
        tx,
        queueEmail,
        queueSms,
        tenant,
        user: owner,
        what: `${email} was invited to be a trusted contact`,
        sms: `${email} was invited to be a trusted contact.`,
        context,
      });
    }
    return { contactId };
  });
}

export function assertContactsEnabled(tenant: Tenant) {
  if (!tenant.policy.contacts.enabled) throw new AppError("FORBIDDEN", "Trusted contacts are not available here.");
}

export async function sendInvitation(options: { tx: Tx; queueEmail: QueueEmail; tenant: Tenant; owner: { id: string; email: string; name: string }; email: string }) {
  const { tx, queueEmail, tenant, owner, email } = options;
  const invitee = await tx.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email } }, select: { id: true } });
  const url = tenantPageUrl(tenant, invitee ? "/trusted-contacts/helping" : "/sign-up");
  const message = contactInvitationMessage({ tenantName: tenant.name }, { ownerName: owner.name, ownerEmail: owner.email, hasAccount: Boolean(invitee), url });
  await queueEmail({ tenantId: tenant.id, userId: invitee?.id ?? null, to: email, ...message });
}
