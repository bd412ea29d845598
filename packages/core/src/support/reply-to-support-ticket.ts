import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { tryConsumeQuota } from "../rate-limit/quota";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { getTicketByStatusToken } from "./find-support-ticket";
import { ticketState } from "./support-rules";

export type ReplyToSupportTicketOptions = { db: Db; tenant: Tenant; statusToken: string; body: string; context: RequestContext; clock?: Clock };

/** The person answers support on their status page (plain text). A decoy takes the message like a real one. */
export async function replyToSupportTicket(options: ReplyToSupportTicketOptions): Promise<{ messageId: string }> {
  const { db, tenant, statusToken, body, context, clock = systemClock } = options;
  const ticket = await getTicketByStatusToken(db, tenant, statusToken);
  const state = ticketState(ticket, clock.now());
  if (state !== "waiting" && state !== "under-review" && state !== "awaiting-second-approval") {
    throw new AppError("CONFLICT", "This request is closed. Make a new one if you still need help.");
  }
  if (!(await tryConsumeQuota({ name: "support-ticket-reply", key: ticket.id }))) {
    throw new AppError("RATE_LIMITED", "You have sent many messages today. Please wait for support to answer.", { retryAfterSeconds: 3600 });
  }
  const messageId = newId("supportTicketEntry");
  await db.$transaction(async (tx) => {
    await tx.supportTicketEntry.create({ data: { id: messageId, tenantId: tenant.id, ticketId: ticket.id, kind: "message_from_person", body, createdAt: clock.now() } });
    if (ticket.userId) {
      await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: ticket.userId, actor: { type: "anonymous" }, type: "support.ticket_message", context, data: { ticketId: ticket.id, from: "person" } });
    }
  });
  return { messageId };
}
