import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { notifyOwner } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { lockAccount } from "../accounts/lock-account";

export type LeaveTrustedContactOptions = { db: Db; tenant: Tenant; userId: string; contactId: string; context: RequestContext; clock?: Clock };

/** A contact steps down. The owner is told, so they can name someone else. */
export async function leaveTrustedContact(options: LeaveTrustedContactOptions): Promise<{ status: "left" }> {
  const { db, tenant, userId, contactId, context, clock = systemClock } = options;
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const contact = await tx.trustedContact.findFirst({
      where: { id: contactId, tenantId: tenant.id, contactUserId: userId, status: "accepted" },
      select: { id: true, ownerId: true, contactUser: { select: { email: true, name: true } } },
    });
    if (!contact?.contactUser) throw new AppError("NOT_FOUND", "You are not this person’s trusted contact any more.");
    const owner = await lockAccount(tx, tenant.id, contact.ownerId);
    const { count } = await tx.trustedContact.updateMany({
      where: { id: contact.id, status: "accepted" },
      data: { status: "ended", endedAt: clock.now(), endReason: "left" },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "You are not this person’s trusted contact any more.");
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: owner.id,
      actor: { type: "user", id: userId },
      type: "contacts.left",
      context,
      data: { contactId: contact.id, email: contact.contactUser.email },
    });
    const sentence = `${contact.contactUser.name} (${contact.contactUser.email}) is no longer one of your trusted contacts`;
    await notifyOwner({ tx, queueEmail, queueSms, tenant, user: owner, what: sentence, sms: `${sentence}.`, context });
    return { status: "left" };
  });
}
