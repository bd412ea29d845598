import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { notifyOwner } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import { assertNotFrozen } from "../recovery/assert-not-frozen";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { lockAccount } from "../accounts/lock-account";

export type RemoveTrustedContactOptions = { db: Db; tenant: Tenant; ownerId: string; contactId: string; context: RequestContext; clock?: Clock };

/**
 * The owner takes someone off the list: an invitation is withdrawn, an accepted contact removed
 * (refused for a few days after a recovery: an intruder would remove the contacts first).
 * Callers require a fresh step-up (S12).
 */
export async function removeTrustedContact(options: RemoveTrustedContactOptions): Promise<{ status: "withdrawn" | "removed" }> {
  const { db, tenant, ownerId, contactId, context, clock = systemClock } = options;
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const owner = await lockAccount(tx, tenant.id, ownerId);
    const contact = await tx.trustedContact.findFirst({
      where: { id: contactId, tenantId: tenant.id, ownerId, status: { in: ["invited", "accepted"] } },
      select: { id: true, email: true, status: true },
    });
    if (!contact) throw new AppError("NOT_FOUND", "That contact is no longer on your list.");
    const isInvitation = contact.status === "invited";
    if (!isInvitation) await assertNotFrozen({ db: tx, tenantId: tenant.id, userId: ownerId, change: "remove-contact", clock });
    const endReason = isInvitation ? "withdrawn" : "removed";
    await tx.trustedContact.update({ where: { id: contact.id }, data: { status: "ended", endedAt: clock.now(), endReason } });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: ownerId,
      actor: { type: "user", id: ownerId },
      type: isInvitation ? "contacts.invitation_withdrawn" : "contacts.removed",
      context,
      data: { contactId: contact.id, email: contact.email },
    });
    const sentence = isInvitation ? `The invitation to ${contact.email} to be a trusted contact was withdrawn` : `${contact.email} was removed from your trusted contacts`;
    await notifyOwner({ tx, queueEmail, queueSms, tenant, user: owner, what: sentence, sms: `${sentence}.`, context });
    return { status: endReason };
  });
}
