import type { DbOrTx } from "../db/client";
import { systemClock, type Clock } from "../clock";
import { hashToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { personTicketState, personVisibleEntryKinds, ticketState, type PersonTicketState } from "./support-rules";

export type FindSupportTicketOptions = { db: DbOrTx; tenant: Tenant; statusToken: string; clock?: Clock };

export type PersonTicketView = {
  reference: string;
  state: PersonTicketState;
  createdAt: Date;
  /** No decision takes effect before this. */
  waitingUntil: Date;
  decidedAt: Date | null;
  /** The plain explanation of a denial. */
  denialNote: string | null;
  messages: { id: string; from: "you" | "support"; body: string; createdAt: Date }[];
  canReply: boolean;
};

/**
 * The person's status page, reached with the link they were given (no sign-in: they lost
 * everything). A decoy ticket reads exactly like a real one that nobody has decided yet (S5).
 */
export async function findSupportTicket(options: FindSupportTicketOptions): Promise<PersonTicketView> {
  const { db, tenant, statusToken, clock = systemClock } = options;
  const ticket = await getTicketByStatusToken(db, tenant, statusToken);
  const entries = await db.supportTicketEntry.findMany({
    where: { ticketId: ticket.id, kind: { in: personVisibleEntryKinds } },
    orderBy: { createdAt: "asc" },
    select: { id: true, kind: true, body: true, createdAt: true },
  });
  const state = personTicketState(ticketState(ticket, clock.now()));
  return {
    reference: ticket.reference,
    state,
    createdAt: ticket.createdAt,
    waitingUntil: ticket.waitingUntil,
    decidedAt: ticket.status === "denied" || ticket.status === "approved" || ticket.status === "completed" ? ticket.decidedAt : null,
    denialNote: ticket.status === "denied" ? ticket.decisionNote : null,
    messages: entries.map((entry) => ({ id: entry.id, from: entry.kind === "message_from_person" ? "you" : "support", body: entry.body, createdAt: entry.createdAt })),
    canReply: state === "waiting" || state === "under-review",
  };
}

export async function getTicketByStatusToken(db: DbOrTx, tenant: Tenant, statusToken: string) {
  const ticket =
    statusToken.length <= 200
      ? await db.supportTicket.findUnique({
          where: { statusTokenHash: hashToken(statusToken) },
          select: {
            id: true,
            tenantId: true,
            userId: true,
            reference: true,
            status: true,
            waitingUntil: true,
            expiresAt: true,
            firstApproverId: true,
            decidedAt: true,
            decisionNote: true,
            createdAt: true,
          },
        })
      : null;
  if (!ticket || ticket.tenantId !== tenant.id) throw new AppError("NOT_FOUND", "We could not find that request. Check that you opened the whole link you were given.");
  return ticket;
}
