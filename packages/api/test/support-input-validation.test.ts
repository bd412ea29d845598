import { beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "@rekey/core";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { callerFor } from "./support";
import { makeStaff } from "./staff-fixtures";
import { endTicketWait, evidence, realTicket, supportRowCounts } from "./support-fixtures";
import { trpcFailureOf, type Caller } from "./trusted-contacts-fixtures";

// S30: every support.* and desk.* procedure checks its input with a schema. Malformed input is a
// BAD_REQUEST with a plain message, never a 500, and writes nothing: no ticket, entry, mail,
// link or audit row.

type Callers = { anonymous: Caller; lead: Caller; ticketId: string; statusToken: string };
/** A procedure called with whatever the client sent: the schema is what stands in the way. */
type Untyped = (input: unknown) => Promise<unknown>;

const huge = "x".repeat(100_000);
const form = { email: "someone@example.test", ...evidence };

const cases: [string, (c: Callers) => Untyped, (c: Callers) => unknown][] = [
  ["support.open: no input at all", (c) => c.anonymous.support.open as Untyped, () => undefined],
  ["support.open: a number for the email", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, email: 42 })],
  ["support.open: a bad email", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, email: "not-an-email" })],
  ["support.open: a huge email", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, email: `${huge}@example.test` })],
  ["support.open: a bad reply address", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, replyEmail: "me at home" })],
  ["support.open: no story", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, whatHappened: undefined })],
  ["support.open: a story too short", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, whatHappened: "lost" })],
  ["support.open: a huge story", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, whatHappened: huge })],
  ["support.open: a huge last sign-in", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, lastSignIn: huge })],
  ["support.open: answers not a list", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, answers: "yes" })],
  ["support.open: too many answers", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, answers: ["a", "b", "c", "d", "e", "f"] })],
  ["support.open: a huge answer", (c) => c.anonymous.support.open as Untyped, () => ({ ...form, answers: [huge] })],
  ["support.status: no token", (c) => c.anonymous.support.status as Untyped, () => ({})],
  ["support.status: a short token", (c) => c.anonymous.support.status as Untyped, () => ({ statusToken: "abc" })],
  ["support.status: a huge token", (c) => c.anonymous.support.status as Untyped, () => ({ statusToken: huge })],
  ["support.reply: an empty message", (c) => c.anonymous.support.reply as Untyped, (c) => ({ statusToken: c.statusToken, body: "   " })],
  ["support.reply: a huge message", (c) => c.anonymous.support.reply as Untyped, (c) => ({ statusToken: c.statusToken, body: huge })],
  ["support.reply: a number for the message", (c) => c.anonymous.support.reply as Untyped, (c) => ({ statusToken: c.statusToken, body: 5 })],
  ["support.reply: a huge token", (c) => c.anonymous.support.reply as Untyped, () => ({ statusToken: huge, body: "Hello" })],
  ["support.complete: no token", (c) => c.anonymous.support.complete as Untyped, () => ({})],
  ["support.complete: a huge token", (c) => c.anonymous.support.complete as Untyped, () => ({ token: huge })],
  ["support.complete: a huge password", (c) => c.anonymous.support.complete as Untyped, () => ({ token: "a".repeat(43), newPassword: huge })],
  ["support.complete: a number for the password", (c) => c.anonymous.support.complete as Untyped, () => ({ token: "a".repeat(43), newPassword: 12345678 })],
  ["desk.queue: an unknown filter", (c) => c.lead.desk.queue as Untyped, () => ({ filter: "everything" })],
  ["desk.queue: a fraction of hours", (c) => c.lead.desk.queue as Untyped, () => ({ waitingEndsWithinHours: 1.5 })],
  ["desk.queue: a huge tenant id", (c) => c.lead.desk.queue as Untyped, () => ({ tenantId: huge })],
  ["desk.ticket: no id", (c) => c.lead.desk.ticket as Untyped, () => ({})],
  ["desk.ticket: a huge id", (c) => c.lead.desk.ticket as Untyped, () => ({ ticketId: huge })],
  ["desk.review: an unknown kind", (c) => c.lead.desk.review as Untyped, (c) => ({ ticketId: c.ticketId, kind: "approval", reason: "Evidence matches" })],
  ["desk.review: no reason", (c) => c.lead.desk.review as Untyped, (c) => ({ ticketId: c.ticketId, kind: "note" })],
  ["desk.review: a huge reason", (c) => c.lead.desk.review as Untyped, (c) => ({ ticketId: c.ticketId, kind: "note", reason: huge })],
  ["desk.message: an empty message", (c) => c.lead.desk.message as Untyped, (c) => ({ ticketId: c.ticketId, body: "" })],
  ["desk.message: a huge message", (c) => c.lead.desk.message as Untyped, (c) => ({ ticketId: c.ticketId, body: huge })],
  ["desk.approve: no reason", (c) => c.lead.desk.approve as Untyped, (c) => ({ ticketId: c.ticketId })],
  ["desk.approve: a reason too short", (c) => c.lead.desk.approve as Untyped, (c) => ({ ticketId: c.ticketId, reason: "ok" })],
  ["desk.approve: an unknown destination", (c) => c.lead.desk.approve as Untyped, (c) => ({ ticketId: c.ticketId, reason: "Evidence matches", sendTo: "attacker@example.test" })],
  ["desk.approve: a number for the id", (c) => c.lead.desk.approve as Untyped, () => ({ ticketId: 1, reason: "Evidence matches" })],
  ["desk.deny: no explanation", (c) => c.lead.desk.deny as Untyped, (c) => ({ ticketId: c.ticketId, reason: "Evidence does not match" })],
  ["desk.deny: a huge explanation", (c) => c.lead.desk.deny as Untyped, (c) => ({ ticketId: c.ticketId, reason: "Evidence does not match", explanation: huge })],
];

describe("malformed input to the support procedures (S30)", () => {
  let tenant: Tenant;
  let callers: Callers;

  beforeAll(async () => {
    const home = await createTestTenant();
    tenant = await createTestTenant();
    const owner = await createTestUser(tenant.id, { name: "Olive Owner" });
    const ticket = await realTicket(tenant, owner.email);
    await endTicketWait(ticket.ticketId);
    const lead = await makeStaff({ tenantId: tenant.id, role: "lead", homeTenantId: home.id });
    callers = { anonymous: await callerFor(tenant), lead: lead.caller, ticketId: ticket.ticketId, statusToken: ticket.statusToken };
  });

  it.each(cases)("%s is a BAD_REQUEST with a message, and changes nothing", async (_name, procedure, input) => {
    const before = await supportRowCounts(tenant.id);
    const failure = await trpcFailureOf(procedure(callers)(input(callers)));
    expect(failure?.code).toBe("BAD_REQUEST");
    expect(failure?.message).not.toMatch(/Something went wrong/);
    expect(failure?.message.length).toBeGreaterThan(0);
    expect(await supportRowCounts(tenant.id)).toEqual(before);
  });
});
