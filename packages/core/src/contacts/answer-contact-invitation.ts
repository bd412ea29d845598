import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { days, systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { notifyOwner } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { lockAccount } from "../accounts/lock-account";

export type AnswerContactInvitationOptions = {
  db: Db;
  tenant: Tenant;
  /** The signed-in person answering: the invitation must name their verified address. */
  userId: string;
  contactId: string;
  answer: "accept" | "decline";
  context: RequestContext;
  clock?: Clock;
};

/**
 * The invited person accepts or declines, signed in to their own account of the same tenant with
 * the address the invitation was sent to (a forwarded invitation is no use to anyone else). An
 * accepted contact can help only after the tenant's cooling-off period.
 */
export async function answerContactInvitation(options: AnswerContactInvitationOptions): Promise<{ status: "accepted" | "declined"; usableFrom: Date | null }> {
  const { db, tenant, userId, contactId, answer, context, clock = systemClock } = options;
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const person = await tx.user.findFirst({ where: { id: userId, tenantId: tenant.id }, select: { id: true, email: true, name: true, emailVerifiedAt: true } });
    // Not the addressee, another tenant's, already answered: all the same missing invitation.
    const invitation = person?.emailVerifiedAt
      ? await tx.trustedContact.findFirst({
          where: { id: contactId, tenantId: tenant.id, email: person.email, status: "invited", ownerId: { not: person.id } },
          select: { id: true, ownerId: true, inviteExpiresAt: true },
        })
      : null;
    if (!person || !invitation) throw new AppError("NOT_FOUND", "This invitation is no longer open.");
    const owner = await lockAccount(tx, tenant.id, invitation.ownerId);
    const now = clock.now();
    if (invitation.inviteExpiresAt <= now) {
      throw new AppError("CONFLICT", `This invitation has expired. Ask ${owner.name} to send it again.`);
    }
    if (answer === "accept") {
      // One person, one place: two addresses of the same account must not meet a threshold of two.
      const already = await tx.trustedContact.count({ where: { tenantId: tenant.id, ownerId: owner.id, contactUserId: person.id, status: "accepted" } });
      if (already > 0) throw new AppError("CONFLICT", `You are already one of ${owner.name}’s trusted contacts.`);
    }
    const usableFrom = answer === "accept" ? new Date(now.getTime() + days(tenant.policy.contacts.coolingOffDays)) : null;
    // Conditional on still being an invitation: a withdrawal racing the answer wins or loses whole.
    const { count } = await tx.trustedContact.updateMany({
      where: { id: invitation.id, status: "invited" },
      data:
        answer === "accept"
          ? { status: "accepted", contactUserId: person.id, acceptedAt: now, usableFrom }
          : { status: "ended", endedAt: now, endReason: "declined" },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "This invitation is no longer open.");
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: owner.id,
      actor: { type: "user", id: person.id },
      type: answer === "accept" ? "contacts.accepted" : "contacts.declined",
      context,
      data: { contactId: invitation.id, email: person.email },
    });
    const sentence =
      answer === "accept"
        ? `${person.name} (${person.email}) accepted your invitation to be a trusted contact. They can help you recover your account from ${usableFrom?.toUTCString()}`
        : `${person.email} declined your invitation to be a trusted contact`;
    await notifyOwner({ tx, queueEmail, queueSms, tenant, user: owner, what: sentence, sms: `${sentence}.`, context });
    return { status: answer === "accept" ? "accepted" : "declined", usableFrom };
  });
}
