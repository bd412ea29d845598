import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { newId } from "../ids";
import { withNotifications } from "../notifications/with-notifications";
import type { Staff } from "../staff/staff-access";
import { getTicketForStaff } from "./get-support-ticket";
import { assertOpen } from "./review-support-ticket";
import { newSupportMessageMessage } from "./support-messages";
import { ticketState } from "./support-rules";

export type MessageSupportTicketOptions = { db: Db; staff: Staff; ticketId: string; body: string; context: RequestContext; clock?: Clock };

/**
 * Staff ask the person for more (plain text): it shows on their status page, and the reply
 * address, if they gave one, is told there is a message (the mail carries no link: only the person
 * holds their status link, and a mailbox is not proof of anything here).
 */
export async function messageSupportTicket(options: MessageSupportTicketOptions): Promise<{ entryId: string }> {
  const { db, staff, ticketId, body, context, clock = systemClock } = options;
  return withNotifications(db, async (tx, queueEmail) => {
    const ticket = await getTicketForStaff(tx, staff, ticketId, "agent");
    const now = clock.now();
    assertOpen(ticketState(ticket, now));
    const entryId = newId("supportTicketEntry");
    await tx.supportTicketEntry.create({ data: { id: entryId, tenantId: ticket.tenantId, ticketId: ticket.id, kind: "message_to_person", staffUserId: staff.userId, body, createdAt: now } });
    await recordAuditEvent({
      db: tx,
      tenantId: ticket.tenantId,
      userId: ticket.userId,
      actor: { type: "staff", id: staff.userId },
      type: "support.ticket_message",
      context,
      data: { ticketId: ticket.id, from: "staff", reason: "Asked the person for more information" },
    });
    if (ticket.replyEmail) {
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ticket.tenantId }, select: { name: true } });
      await queueEmail({ tenantId: ticket.tenantId, userId: null, to: ticket.replyEmail, ...newSupportMessageMessage({ tenantName: tenant.name }, { reference: ticket.reference }) });
    }
    return { entryId };
  });
}
