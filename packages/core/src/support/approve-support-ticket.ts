import { lockAccount } from "../accounts/lock-account";
import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { issueEmailToken } from "../accounts/email-tokens";
import { hours, systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { tokenLinkUrl } from "../notifications/links";
import { withNotifications } from "../notifications/with-notifications";
import type { Staff } from "../staff/staff-access";
import { approveBlockedBecause, getTicketForStaff } from "./get-support-ticket";
import { approvedToOtherAddressMessage, recoveryLinkMessage } from "./support-messages";

export type ApproveSupportTicketOptions = {
  db: Db;
  staff: Staff;
  ticketId: string;
  reason: string;
  /** The reply address only with a second approver (the address on file is the owner's own). */
  sendTo: "address-on-file" | "reply-address";
  context: RequestContext;
  clock?: Clock;
};

export type ApprovedTicket = { state: "approved" | "awaiting-second-approval" };

/** How long the recovery link works (S8: at most a day). */
export const recoveryLinkHours = 24;

/**
 * A lead's approval. Nothing takes effect before the waiting period has run, whoever asks (S26).
 * Where the ticket needs a second approver, the first approval is recorded and a different lead
 * (never the person being recovered) gives the second; only then is the single-use recovery link
 * mailed. Each step claims the ticket with a conditional UPDATE, so two leads approving at once
 * make one link, not two, and a cancel racing an approval leaves exactly one of them standing.
 */
export async function approveSupportTicket(options: ApproveSupportTicketOptions): Promise<ApprovedTicket> {
  const { db, staff, ticketId, reason, sendTo, context, clock = systemClock } = options;
  return withNotifications(db, async (tx, queueEmail) => {
    const ticket = await getTicketForStaff(tx, staff, ticketId, "lead");
    // The account first, as a cancel and a completion take it: one of them runs at a time.
    await lockAccount(tx, ticket.tenantId, ticket.userId);
    const now = clock.now();
    const blocked = approveBlockedBecause(ticket, staff, now);
    if (blocked) throw new AppError("CONFLICT", blocked);
    const claimable = { id: ticket.id, status: "open" as const, waitingUntil: { lte: now }, expiresAt: { gt: now } };
    const changedMeanwhile = new AppError("CONFLICT", "Someone else acted on this request a moment ago. Reload it to see where it stands.");

    if (ticket.needsSecondApprover && !ticket.firstApproverId) {
      const { count } = await tx.supportTicket.updateMany({ where: { ...claimable, firstApproverId: null }, data: { firstApproverId: staff.userId, firstApprovedAt: now } });
      if (count === 0) throw changedMeanwhile;
      await tx.supportTicketEntry.create({ data: { id: newId("supportTicketEntry"), tenantId: ticket.tenantId, ticketId: ticket.id, kind: "approval", staffUserId: staff.userId, body: reason, createdAt: now } });
      await recordAuditEvent({ db: tx, tenantId: ticket.tenantId, userId: ticket.userId, actor: { type: "staff", id: staff.userId }, type: "support.ticket_second_approval_needed", context, data: { ticketId: ticket.id, reason } });
      return { state: "awaiting-second-approval" };
    }

    if (sendTo === "reply-address" && !(ticket.needsSecondApprover && ticket.replyEmail)) {
      throw new AppError("BAD_REQUEST", ticket.replyEmail ? "The link can go to the reply address only when a second lead approves too." : "The person gave no reply address.");
    }
    const expiresAt = new Date(now.getTime() + hours(recoveryLinkHours));
    const { count } = await tx.supportTicket.updateMany({
      where: { ...claimable, firstApproverId: ticket.needsSecondApprover ? ticket.firstApproverId : null },
      data: { status: "approved", decidedById: staff.userId, decidedAt: now, expiresAt, linkSentTo: sendTo === "reply-address" ? "reply_address" : "address_on_file" },
    });
    if (count === 0) throw changedMeanwhile;
    await tx.supportTicketEntry.create({ data: { id: newId("supportTicketEntry"), tenantId: ticket.tenantId, ticketId: ticket.id, kind: "approval", staffUserId: staff.userId, body: reason, createdAt: now } });
    await recordAuditEvent({
      db: tx,
      tenantId: ticket.tenantId,
      userId: ticket.userId,
      actor: { type: "staff", id: staff.userId },
      type: "support.ticket_approved",
      context,
      data: { ticketId: ticket.id, reason, sentTo: sendTo, secondApprover: ticket.needsSecondApprover },
    });

    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ticket.tenantId }, select: { slug: true, name: true } });
    const owner = await tx.user.findUniqueOrThrow({ where: { id: ticket.userId }, select: { email: true } });
    const brand = { tenantName: tenant.name };
    const linkToken = await issueEmailToken({ db: tx, tenantId: ticket.tenantId, userId: ticket.userId, purpose: "support_recovery" });
    const url = tokenLinkUrl(tenant, "/recovery/support/complete", linkToken);
    const to = sendTo === "reply-address" && ticket.replyEmail ? ticket.replyEmail : owner.email;
    await queueEmail({ tenantId: ticket.tenantId, userId: ticket.userId, to, ...recoveryLinkMessage(brand, { reference: ticket.reference, url, expiresAt }) });
    if (to !== owner.email) {
      // The owner hears of it where they always would, with a way to stop it.
      // The opening notice's cancel link (mail and text) keeps working beside this one.
      const cancelToken = await issueEmailToken({ db: tx, tenantId: ticket.tenantId, userId: ticket.userId, purpose: "cancel_recovery", keepEarlier: true });
      const cancelUrl = tokenLinkUrl(tenant, "/recovery/cancel", cancelToken);
      await queueEmail({ tenantId: ticket.tenantId, userId: ticket.userId, to: owner.email, ...approvedToOtherAddressMessage(brand, { reference: ticket.reference, cancelUrl }) });
    }
    return { state: "approved" };
  });
}
