import { getDb } from "@rekey/core/db";
import type { Tenant } from "@rekey/core";
import { hashToken } from "../../core/src/crypto/tokens";
import { callerFor } from "./support";
import type { Caller } from "./trusted-contacts-fixtures";

// Support tickets through the API: a request made on the public form, and time passing (the
// waiting period) by backdating the row, since the procedures read the system clock.

export const evidence = {
  whatHappened: "I lost my phone with the authenticator app on a train.",
  lastSignIn: "Last Tuesday, on my laptop",
  devicesAndPlaces: "A laptop in Leeds",
  answers: [] as string[],
};

/** "Ask support to recover my account" for `email` from a browser of its own. */
export async function openTicketFor(tenant: Tenant, email: string, extra: { replyEmail?: string } = {}) {
  return (await callerFor(tenant)).support.open({ email, ...evidence, ...extra });
}

export async function ticketIdOf(statusToken: string): Promise<string> {
  return (await getDb().supportTicket.findUniqueOrThrow({ where: { statusTokenHash: hashToken(statusToken) }, select: { id: true } })).id;
}

/** A real ticket for `email` (fails on a decoy) and its id. */
export async function realTicket(tenant: Tenant, email: string, extra: { replyEmail?: string } = {}) {
  const opened = await openTicketFor(tenant, email, extra);
  const row = await getDb().supportTicket.findUniqueOrThrow({ where: { statusTokenHash: hashToken(opened.statusToken) }, select: { id: true, userId: true } });
  if (!row.userId) throw new Error("expected a real ticket, got a decoy");
  return { ...opened, ticketId: row.id };
}

/** Time passes: the ticket's waiting period ended a minute ago. */
export async function endTicketWait(ticketId: string) {
  await getDb().supportTicket.update({ where: { id: ticketId }, data: { waitingUntil: new Date(Date.now() - 60_000) } });
}

/** Rows the support procedures write in a tenant: S28 and S30 check that nothing changed. */
export async function supportRowCounts(tenantId: string) {
  const db = getDb();
  const [tickets, entries, audit, outbox, tokens, open] = await Promise.all([
    db.supportTicket.count({ where: { tenantId } }),
    db.supportTicketEntry.count({ where: { tenantId } }),
    db.auditEvent.count({ where: { tenantId } }),
    db.outboxMessage.count({ where: { tenantId } }),
    db.emailToken.count({ where: { tenantId } }),
    db.supportTicket.count({ where: { tenantId, status: "open" } }),
  ]);
  return { tickets, entries, audit, outbox, tokens, open };
}

/** Every desk procedure, called on one ticket with well-formed input. */
export const deskCalls: Record<string, (caller: Caller, ticketId: string) => Promise<unknown>> = {
  ticket: (caller, ticketId) => caller.desk.ticket({ ticketId }),
  review: (caller, ticketId) => caller.desk.review({ ticketId, kind: "recommend_approve", reason: "Evidence matches" }),
  message: (caller, ticketId) => caller.desk.message({ ticketId, body: "Which city did you sign in from last?" }),
  approve: (caller, ticketId) => caller.desk.approve({ ticketId, reason: "Evidence matches" }),
  deny: (caller, ticketId) => caller.desk.deny({ ticketId, reason: "Evidence does not match", explanation: "We could not match what you told us to the account." }),
};
