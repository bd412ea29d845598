import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { quotas } from "../../src/rate-limit/quota";
import { findSupportTicket } from "../../src/support/find-support-ticket";
import { getSupportTicket } from "../../src/support/get-support-ticket";
import { listSupportTickets } from "../../src/support/list-support-tickets";
import { replyToSupportTicket } from "../../src/support/reply-to-support-ticket";
import { db, expectAppError, openRealTicket, openTicket, staffMember, supportSetup, testContext, ticketRow } from "./fixtures";

// S5: "ask support" answers the same whether or not the address has an account, or already has a
// request under way. Anything else would let a stranger list a tenant's customers, or learn that
// someone is being recovered right now.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

const stranger = () => `nobody-${randomBytes(4).toString("hex")}@example.test`;

async function sentTo(tenantId: string) {
  return db.outboxMessage.count({ where: { tenantId } });
}

describe("learning whether an account exists from the support request", () => {
  it("answers a missing account exactly like a real one, with a decoy that sends nothing", async () => {
    const setup = await supportSetup();
    const { tenant, owner, clock } = setup;
    const real = await openTicket(tenant, owner.email, clock);
    const outboxAfterReal = await sentTo(tenant.id);
    const auditAfterReal = await db.auditEvent.count({ where: { tenantId: tenant.id } });
    const missing = await openTicket(tenant, stranger(), clock);

    expect(Object.keys(missing).sort()).toEqual(Object.keys(real).sort());
    expect(missing.reference).toMatch(/^RK-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(missing.statusToken.length).toBe(real.statusToken.length);
    expect(missing.waitingUntil).toEqual(real.waitingUntil);
    expect((await ticketRow(missing.statusToken)).userId).toBeNull();
    expect(await sentTo(tenant.id)).toBe(outboxAfterReal);
    expect(await db.auditEvent.count({ where: { tenantId: tenant.id } })).toBe(auditAfterReal);
  });

  it("answers a second request for an account with one under way like the first, and notifies nobody again", async () => {
    const setup = await supportSetup();
    const first = await openRealTicket(setup);
    const outbox = await sentTo(setup.tenant.id);
    const second = await openTicket(setup.tenant, setup.owner.email.toUpperCase(), setup.clock);
    expect(Object.keys(second).sort()).toEqual(["reference", "statusToken", "waitingUntil"]);
    expect(Object.keys(first).sort()).toEqual(expect.arrayContaining(["reference", "statusToken", "waitingUntil"]));
    expect((await ticketRow(second.statusToken)).userId).toBeNull();
    expect(await sentTo(setup.tenant.id)).toBe(outbox);
    expect(await db.supportTicket.count({ where: { tenantId: setup.tenant.id, userId: setup.owner.id } })).toBe(1);
  });

  it("opens one real ticket when two requests for the same account race, the other a decoy", async () => {
    const setup = await supportSetup();
    const answers = await Promise.all([openTicket(setup.tenant, setup.owner.email, setup.clock), openTicket(setup.tenant, setup.owner.email, setup.clock)]);
    const rows = await Promise.all(answers.map((answer) => ticketRow(answer.statusToken)));
    expect(rows.filter((row) => row.userId !== null)).toHaveLength(1);
    expect(await db.outboxMessage.count({ where: { tenantId: setup.tenant.id, recipient: setup.owner.email } })).toBe(1);
  });

  it("shows the decoy's status page like a real undecided ticket, and takes replies like one", async () => {
    const setup = await supportSetup();
    const real = await openTicket(setup.tenant, setup.owner.email, setup.clock);
    const decoy = await openTicket(setup.tenant, stranger(), setup.clock);
    const realView = await findSupportTicket({ db, tenant: setup.tenant, statusToken: real.statusToken, clock: setup.clock });
    const decoyView = await findSupportTicket({ db, tenant: setup.tenant, statusToken: decoy.statusToken, clock: setup.clock });
    expect(decoyView).toEqual({ ...realView, reference: decoy.reference });
    expect(decoyView).toMatchObject({ state: "waiting", decidedAt: null, denialNote: null, messages: [], canReply: true });

    await replyToSupportTicket({ db, tenant: setup.tenant, statusToken: decoy.statusToken, body: "Any news?", context: testContext(), clock: setup.clock });
    const afterReply = await findSupportTicket({ db, tenant: setup.tenant, statusToken: decoy.statusToken, clock: setup.clock });
    expect(afterReply.messages.map((m) => [m.from, m.body])).toEqual([["you", "Any news?"]]);
  });

  it("never shows staff a decoy, in the queue or by its id", async () => {
    const setup = await supportSetup();
    const lead = await staffMember(setup.tenant, "lead");
    const decoy = await openTicket(setup.tenant, stranger(), setup.clock);
    const decoyId = (await ticketRow(decoy.statusToken)).id;
    const queue = await listSupportTickets({ db, staff: lead, filter: "all", clock: setup.clock });
    expect(queue.tickets).toEqual([]);
    expect(Object.values(queue.counts).every((count) => count === 0)).toBe(true);
    const missing = await expectAppError(getSupportTicket({ db, staff: lead, ticketId: "tkt_doesnotexist", context: testContext(), clock: setup.clock }), "NOT_FOUND");
    const byId = await expectAppError(getSupportTicket({ db, staff: lead, ticketId: decoyId, context: testContext(), clock: setup.clock }), "NOT_FOUND");
    expect(byId.message).toBe(missing.message);
  });

  it("limits requests per address, for real and missing accounts alike", async () => {
    const setup = await supportSetup();
    const limit = quotas["support-ticket-open"].points;
    const missing = stranger();
    for (let index = 0; index < limit; index += 1) {
      await openTicket(setup.tenant, setup.owner.email, setup.clock);
      await openTicket(setup.tenant, missing, setup.clock);
    }
    const real = await expectAppError(openTicket(setup.tenant, setup.owner.email, setup.clock), "RATE_LIMITED");
    const fake = await expectAppError(openTicket(setup.tenant, missing, setup.clock), "RATE_LIMITED");
    expect(fake.message).toBe(real.message);
    expect(fake.retryAfterSeconds).toBe(real.retryAfterSeconds);
    expect(await db.supportTicket.count({ where: { tenantId: setup.tenant.id } })).toBe(2 * limit);
  });

  it("limits requests per client address over every address asked about", async () => {
    const setup = await supportSetup();
    const limit = quotas["support-ticket-open-ip"].points;
    const context = testContext();
    const addresses = [setup.owner.email, ...Array.from({ length: limit }, stranger)];
    const tally = { ok: 0, limited: 0 };
    for (const email of addresses) {
      const outcome = await openTicket(setup.tenant, email, setup.clock, { context }).then(
        () => "ok" as const,
        (error: { code?: string }) => (error.code === "RATE_LIMITED" ? ("limited" as const) : "other"),
      );
      if (outcome === "other") throw new Error("unexpected failure");
      tally[outcome] += 1;
    }
    expect(tally).toEqual({ ok: limit, limited: 1 });
    // The address asked about last (a stranger) is refused with the answer a real one would get.
    await expectAppError(openTicket(setup.tenant, setup.owner.email, setup.clock, { context }), "RATE_LIMITED");
  });
});
