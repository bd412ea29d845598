import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { withNotifications } from "../notifications/with-notifications";
import type { Staff } from "../staff/staff-access";
import { getTicketForStaff } from "./get-support-ticket";
import { assertOpen } from "./review-support-ticket";
import { ticketDeniedMessage } from "./support-messages";
import { ticketState } from "./support-rules";

export type DenySupportTicketOptions = {
  db: Db;
  staff: Staff;
  ticketId: string;
  /** Staff-only: why, for the audit trail. */
  reason: string;
  /** The plain explanation the person reads on their status page (and at their reply address). */
  explanation: string;
  context: RequestContext;
  clock?: Clock;
};

/** A lead's denial. Allowed during the waiting period too: refusing never hands anything over. */
export async function denySupportTicket(options: DenySupportTicketOptions): Promise<{ state: "denied" }> {
  const { db, staff, ticketId, reason, explanation, context, clock = systemClock } = options;
  return withNotifications(db, async (tx, queueEmail) => {
    const ticket = await getTicketForStaff(tx, staff, ticketId, "lead");
    if (ticket.userId === staff.userId) throw new AppError("CONFLICT", "Nobody can decide a request to recover their own account.");
    const now = clock.now();
    assertOpen(ticketState(ticket, now));
    const { count } = await tx.supportTicket.updateMany({
      where: { id: ticket.id, status: "open", expiresAt: { gt: now } },
      data: { status: "denied", decidedById: staff.userId, decidedAt: now, decisionNote: explanation, endedAt: now, endReason: "denied" },
    });
    if (count === 0) throw new AppError("CONFLICT", "Someone else acted on this request a moment ago. Reload it to see where it stands.");
    await tx.supportTicketEntry.create({ data: { id: newId("supportTicketEntry"), tenantId: ticket.tenantId, ticketId: ticket.id, kind: "denial", staffUserId: staff.userId, body: reason, createdAt: now } });
    await recordAuditEvent({ db: tx, tenantId: ticket.tenantId, userId: ticket.userId, actor: { type: "staff", id: staff.userId }, type: "support.ticket_denied", context, data: { ticketId: ticket.id, reason } });
    if (ticket.replyEmail) {
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ticket.tenantId }, select: { name: true } });
      await queueEmail({ tenantId: ticket.tenantId, userId: null, to: ticket.replyEmail, ...ticketDeniedMessage({ tenantName: tenant.name }, { reference: ticket.reference, explanation }) });
    }
    return { state: "denied" };
  });
}
