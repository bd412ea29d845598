import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newId } from "@rekey/core";
import { seal } from "../../core/src/crypto/secret-box";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { signedInCaller } from "./support";
import { makeStaff } from "./staff-fixtures";
import { deskCalls, endTicketWait, realTicket, supportRowCounts } from "./support-fixtures";
import { trpcFailureOf } from "./trusted-contacts-fixtures";

// S28 for the support desk: staff of another tenant, or an agent where a lead must act, get the
// answer a missing ticket gets, and change nothing. The gate itself (S26: staff hold a strong
// factor and used it for this session, which has the staff idle limit) answers FORBIDDEN with its
// reason; a session that is not staff at all gets not-found, like the dashboard does not exist.

async function deskWithTicket() {
  const home = await createTestTenant();
  const tenant = await createTestTenant();
  const other = await createTestTenant();
  const owner = await createTestUser(tenant.id, { name: "Olive Owner" });
  const ticket = await realTicket(tenant, owner.email);
  await endTicketWait(ticket.ticketId);
  const otherLead = await makeStaff({ tenantId: other.id, role: "admin", homeTenantId: home.id });
  return { home, tenant, other, owner, ticket, otherLead };
}

describe("the desk's procedures from another desk or with too small a role (S28)", () => {
  it("answers another tenant's admin like a missing id on every ticket procedure, and changes nothing", async () => {
    const { tenant, ticket, otherLead } = await deskWithTicket();
    const before = await supportRowCounts(tenant.id);
    for (const [name, call] of Object.entries(deskCalls)) {
      const missing = await trpcFailureOf(call(otherLead.caller, "tkt_doesnotexist"));
      expect(missing?.appCode, name).toBe("NOT_FOUND");
      expect(await trpcFailureOf(call(otherLead.caller, ticket.ticketId)), name).toEqual(missing);
    }
    expect(await supportRowCounts(tenant.id)).toEqual(before);
    // Their queue holds nothing of it, even when they name the tenant.
    const queue = await otherLead.caller.desk.queue({ filter: "all", tenantId: tenant.id });
    expect(queue.tickets).toEqual([]);
    expect(Object.values(queue.counts)).toEqual([0, 0, 0, 0, 0]);
  });

  it("answers an agent's approval or denial like a missing id, through a forged request too", async () => {
    const { home, tenant, ticket } = await deskWithTicket();
    const agent = await makeStaff({ tenantId: tenant.id, role: "agent", homeTenantId: home.id });
    const before = await supportRowCounts(tenant.id);
    for (const name of ["approve", "deny"] as const) {
      const missing = await trpcFailureOf(deskCalls[name]!(agent.caller, "tkt_doesnotexist"));
      expect(missing?.appCode).toBe("NOT_FOUND");
      expect(await trpcFailureOf(deskCalls[name]!(agent.caller, ticket.ticketId))).toEqual(missing);
    }
    expect(await supportRowCounts(tenant.id)).toEqual(before);
    // What an agent may do, they can.
    expect((await agent.caller.desk.ticket({ ticketId: ticket.ticketId })).can).toMatchObject({ approve: false, deny: false, review: true });
  });

  it("answers a session that is not staff with not-found on every desk procedure", async () => {
    const { tenant, ticket } = await deskWithTicket();
    const { caller } = await signedInCaller(tenant, await createTestUser(tenant.id, { name: "Curious Customer" }));
    const before = await supportRowCounts(tenant.id);
    for (const [name, call] of Object.entries({ ...deskCalls, queue: (c: typeof caller, _ticketId: string) => c.desk.queue({ filter: "all" }) })) {
      const failure = await trpcFailureOf(call(caller, ticket.ticketId));
      expect(failure?.appCode, name).toBe("NOT_FOUND");
    }
    expect(await supportRowCounts(tenant.id)).toMatchObject({ tickets: before.tickets, entries: before.entries, outbox: before.outbox, open: before.open });
  });
});

describe("the staff gate (S26)", () => {
  const gateCases = [
    {
      reason: "needs-second-factor",
      weaken: async (staff: { userId: string; sessionId: string }) => {
        await getDb().factor.deleteMany({ where: { userId: staff.userId } });
      },
    },
    {
      // A stolen password plus a SIM swap: the intruder steps up by text and adds an app of their own.
      reason: "new-second-factor",
      weaken: async (staff: { userId: string; sessionId: string }) => {
        const { tenantId, userId } = await getDb().factor.findFirstOrThrow({ where: { userId: staff.userId, type: "totp" } });
        const totpSealedSecret = seal(randomBytes(20).toString("hex"));
        await getDb().factor.create({ data: { id: newId("factor"), tenantId, userId, type: "totp", name: "Added just now", totpSealedSecret, activatedAt: new Date() } });
      },
    },
    {
      reason: "sign-in-again",
      weaken: async (staff: { userId: string; sessionId: string }) => {
        await getDb().session.update({ where: { id: staff.sessionId }, data: { idleMinutes: null } });
      },
    },
    {
      reason: "use-second-factor",
      weaken: async (staff: { userId: string; sessionId: string }) => {
        await getDb().session.update({ where: { id: staff.sessionId }, data: { methods: ["password"] } });
      },
    },
  ];

  for (const { reason, weaken } of gateCases) {
    it(`refuses a lead whose account or session fails the gate (${reason}) on every desk procedure, with that reason`, async () => {
      const { home, tenant, ticket } = await deskWithTicket();
      const lead = await makeStaff({ tenantId: tenant.id, role: "lead", homeTenantId: home.id });
      await weaken(lead);
      const before = await supportRowCounts(tenant.id);
      for (const [name, call] of Object.entries({ ...deskCalls, queue: (c: typeof lead.caller, _ticketId: string) => c.desk.queue({ filter: "all" }) })) {
        const failure = await trpcFailureOf(call(lead.caller, ticket.ticketId));
        expect(failure?.code, name).toBe("FORBIDDEN");
        expect(failure?.appCode, name).toBe("FORBIDDEN");
      }
      const refused = await lead.caller.desk.queue({ filter: "all" }).catch((error: { cause?: { details?: unknown } }) => error.cause?.details);
      expect(refused).toEqual([reason]);
      expect(await supportRowCounts(tenant.id)).toMatchObject({ entries: before.entries, outbox: before.outbox, open: before.open });
    });
  }
});

describe("approving before the waiting period ends, with a forged request (S26)", () => {
  it("refuses every lead, however the request is made, and approves once the wait is over", async () => {
    const home = await createTestTenant();
    const tenant = await createTestTenant({ support: { secondApprover: "risky" } });
    const owner = await createTestUser(tenant.id, { name: "Olive Owner" });
    const ticket = await realTicket(tenant, owner.email);
    const leads = [await makeStaff({ tenantId: tenant.id, role: "lead", homeTenantId: home.id }), await makeStaff({ tenantId: tenant.id, role: "admin", homeTenantId: home.id })];
    const before = await supportRowCounts(tenant.id);
    for (const lead of leads) {
      const view = await lead.caller.desk.ticket({ ticketId: ticket.ticketId });
      expect(view).toMatchObject({ state: "waiting", can: { approve: false } });
      expect(view.approveBlockedBecause).toContain("waiting period");
      // The page offers no button; the request is sent anyway.
      for (const sendTo of ["address-on-file", "reply-address"] as const) {
        const failure = await trpcFailureOf(lead.caller.desk.approve({ ticketId: ticket.ticketId, reason: "Looks fine to me", sendTo }));
        expect(failure?.appCode).toBe("CONFLICT");
      }
    }
    expect(await supportRowCounts(tenant.id)).toMatchObject({ entries: before.entries, outbox: before.outbox, tokens: before.tokens, open: before.open });

    await endTicketWait(ticket.ticketId);
    // A request from a new browser on a new network is risky: two different leads.
    expect(await leads[0]!.caller.desk.approve({ ticketId: ticket.ticketId, reason: "Evidence matches" })).toEqual({ state: "awaiting-second-approval" });
    expect(await trpcFailureOf(leads[0]!.caller.desk.approve({ ticketId: ticket.ticketId, reason: "Evidence matches" }))).toMatchObject({ appCode: "CONFLICT" });
    expect(await leads[1]!.caller.desk.approve({ ticketId: ticket.ticketId, reason: "Evidence matches" })).toEqual({ state: "approved" });
    expect(await getDb().emailToken.count({ where: { tenantId: tenant.id, purpose: "support_recovery" } })).toBe(1);
  });
});
