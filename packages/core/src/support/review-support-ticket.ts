import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import type { Staff } from "../staff/staff-access";
import { getTicketForStaff } from "./get-support-ticket";
import { ticketState } from "./support-rules";

export type ReviewKind = "recommend_approve" | "recommend_deny" | "note";

export type ReviewSupportTicketOptions = { db: Db; staff: Staff; ticketId: string; kind: ReviewKind; reason: string; context: RequestContext; clock?: Clock };

/** An agent's (or lead's) recommendation or note on an open ticket: staff-only, audited with its reason. */
export async function reviewSupportTicket(options: ReviewSupportTicketOptions): Promise<{ entryId: string }> {
  const { db, staff, ticketId, kind, reason, context, clock = systemClock } = options;
  return db.$transaction(async (tx) => {
    const ticket = await getTicketForStaff(tx, staff, ticketId, "agent");
    const now = clock.now();
    assertOpen(ticketState(ticket, now));
    const entryId = newId("supportTicketEntry");
    await tx.supportTicketEntry.create({ data: { id: entryId, tenantId: ticket.tenantId, ticketId: ticket.id, kind, staffUserId: staff.userId, body: reason, createdAt: now } });
    await recordAuditEvent({
      db: tx,
      tenantId: ticket.tenantId,
      userId: ticket.userId,
      actor: { type: "staff", id: staff.userId },
      type: "support.ticket_reviewed",
      context,
      data: { ticketId: ticket.id, kind, reason },
    });
    return { entryId };
  });
}

export function assertOpen(state: string) {
  if (state !== "waiting" && state !== "under-review" && state !== "awaiting-second-approval") {
    throw new AppError("CONFLICT", "This request is no longer open.");
  }
}
