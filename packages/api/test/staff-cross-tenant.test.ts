import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { callerFor, errorCodeOf } from "./support";
import { makeStaff, memberIdOf, staffAuditRows } from "./staff-fixtures";
import { trpcFailureOf } from "./trusted-contacts-fixtures";

const reason = "Probing another organisation";

/**
 * Tenant A with an admin, a lead, an agent and a customer; tenant B with its own admin (whose
 * account lives in a shared home tenant, as staff accounts usually do) and customer.
 */
async function twoDesks() {
  const home = await createTestTenant();
  const tenantA = await createTestTenant();
  const tenantB = await createTestTenant();
  const adminA = await makeStaff({ tenantId: tenantA.id, role: "admin", homeTenantId: home.id });
  const leadA = await makeStaff({ tenantId: tenantA.id, role: "lead", homeTenantId: home.id });
  const agentA = await makeStaff({ tenantId: tenantA.id, role: "agent", homeTenantId: home.id });
  const adminB = await makeStaff({ tenantId: tenantB.id, role: "admin", homeTenantId: home.id });
  const customerA = await createTestUser(tenantA.id, { name: "Customer A" });
  const customerB = await createTestUser(tenantB.id, { name: "Customer B" });
  // Something in A's staff log for the cursor probe.
  await adminA.caller.staff.user({ userId: customerA.id, reason: "Checking the account" });
  return { home, tenantA, tenantB, adminA, leadA, agentA, adminB, customerA, customerB, adminAMemberId: await memberIdOf(adminA.userId, tenantA.id), agentAMemberId: await memberIdOf(agentA.userId, tenantA.id) };
}

async function snapshot(tenantId: string) {
  const db = getDb();
  const [members, audit, users, tenant, outbox] = await Promise.all([
    db.staffMember.findMany({ where: { tenantId }, select: { id: true, role: true }, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: { tenantId } }),
    db.user.findMany({ where: { tenantId }, select: { id: true, highValue: true }, orderBy: { id: "asc" } }),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { policy: true } }),
    db.outboxMessage.count({ where: { tenantId } }),
  ]);
  return { members, audit, users, policy: tenant.policy, outbox };
}

// S28: staff of another tenant, or with too small a role, get exactly the answer a missing id gets.
describe("staff of another tenant or with too small a role", () => {
  it("cannot list another desk's members: the same answer as for a tenant that does not exist", async () => {
    const { tenantA, adminB, leadA, agentA } = await twoDesks();
    const missing = await trpcFailureOf(adminB.caller.staff.members({ tenantId: "tnt_doesnotexist" }));
    expect(missing?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.members({ tenantId: tenantA.id }))).toEqual(missing);
    expect(await trpcFailureOf(leadA.caller.staff.members({ tenantId: tenantA.id }))).toEqual(missing);
    expect(await trpcFailureOf(agentA.caller.staff.members({ tenantId: tenantA.id }))).toEqual(missing);
  });

  it("cannot grant a role on another desk, or as a lead", async () => {
    const { tenantA, adminB, leadA, customerA } = await twoDesks();
    const before = await snapshot(tenantA.id);
    const grant = { email: customerA.email, role: "admin" as const, reason };
    const missing = await trpcFailureOf(adminB.caller.staff.grant({ tenantId: "tnt_doesnotexist", ...grant }));
    expect(missing?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.grant({ tenantId: tenantA.id, ...grant }))).toEqual(missing);
    expect(await trpcFailureOf(leadA.caller.staff.grant({ tenantId: tenantA.id, ...grant }))).toEqual(missing);
    expect(await snapshot(tenantA.id)).toEqual(before);
  });

  it("cannot change the role of, or remove, another desk's member (or as a lead)", async () => {
    const { tenantA, adminB, leadA, agentAMemberId } = await twoDesks();
    const before = await snapshot(tenantA.id);
    const missingSet = await trpcFailureOf(adminB.caller.staff.setRole({ memberId: "stf_doesnotexist", role: "admin", reason }));
    expect(missingSet?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.setRole({ memberId: agentAMemberId, role: "admin", reason }))).toEqual(missingSet);
    expect(await trpcFailureOf(leadA.caller.staff.setRole({ memberId: agentAMemberId, role: "admin", reason }))).toEqual(missingSet);
    const missingRemove = await trpcFailureOf(adminB.caller.staff.removeMember({ memberId: "stf_doesnotexist", reason }));
    expect(missingRemove?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.removeMember({ memberId: agentAMemberId, reason }))).toEqual(missingRemove);
    expect(await trpcFailureOf(leadA.caller.staff.removeMember({ memberId: agentAMemberId, reason }))).toEqual(missingRemove);
    expect(await snapshot(tenantA.id)).toEqual(before);
  });

  it("cannot look at another tenant's customer, and leaves no trace there", async () => {
    const { tenantA, adminB, customerA, customerB } = await twoDesks();
    const before = await snapshot(tenantA.id);
    const missing = await trpcFailureOf(adminB.caller.staff.user({ userId: "usr_doesnotexist", reason }));
    expect(missing?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.user({ userId: customerA.id, reason }))).toEqual(missing);
    expect(await snapshot(tenantA.id)).toEqual(before);
    // Their own tenant's customer is fine.
    expect((await adminB.caller.staff.user({ userId: customerB.id, reason })).id).toBe(customerB.id);
  });

  it("cannot mark another tenant's account high-value, nor as an agent or lead", async () => {
    const { tenantA, adminB, leadA, agentA, customerA } = await twoDesks();
    const before = await snapshot(tenantA.id);
    const missing = await trpcFailureOf(adminB.caller.staff.setHighValue({ userId: "usr_doesnotexist", highValue: true, reason }));
    expect(missing?.appCode).toBe("NOT_FOUND");
    for (const staff of [adminB, leadA, agentA]) {
      expect(await trpcFailureOf(staff.caller.staff.setHighValue({ userId: customerA.id, highValue: true, reason }))).toEqual(missing);
    }
    expect(await snapshot(tenantA.id)).toEqual(before);
  });

  it("cannot read another desk's staff log, nor as an agent, nor page through it with a foreign cursor", async () => {
    const { tenantA, tenantB, adminB, agentA } = await twoDesks();
    const missing = await trpcFailureOf(adminB.caller.staff.actions({ tenantId: "tnt_doesnotexist" }));
    expect(missing?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.actions({ tenantId: tenantA.id }))).toEqual(missing);
    expect(await trpcFailureOf(agentA.caller.staff.actions({ tenantId: tenantA.id }))).toEqual(missing);
    // An agent leads nowhere: the log without a tenant is just as closed.
    expect(await trpcFailureOf(agentA.caller.staff.actions())).toEqual(missing);
    // B's own log holds nothing of A's, and A's event ids are no cursor for it.
    const own = await adminB.caller.staff.actions();
    expect(own.actions.every((action) => action.tenant.id === tenantB.id)).toBe(true);
    const [eventOfA] = await staffAuditRows(tenantA.id);
    const missingCursor = await trpcFailureOf(adminB.caller.staff.actions({ cursor: "evt_doesnotexist" }));
    expect(missingCursor?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.actions({ cursor: eventOfA!.id }))).toEqual(missingCursor);
  });

  it("cannot read or change another desk's support policy, nor as a lead", async () => {
    const { tenantA, adminB, leadA } = await twoDesks();
    const before = await snapshot(tenantA.id);
    const missingRead = await trpcFailureOf(adminB.caller.staff.policy({ tenantId: "tnt_doesnotexist" }));
    expect(missingRead?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.policy({ tenantId: tenantA.id }))).toEqual(missingRead);
    expect(await trpcFailureOf(leadA.caller.staff.policy({ tenantId: tenantA.id }))).toEqual(missingRead);
    const change = { waitingHours: 24, secondApprover: "risky" as const, questions: [], reason };
    const missingUpdate = await trpcFailureOf(adminB.caller.staff.updatePolicy({ tenantId: "tnt_doesnotexist", ...change }));
    expect(missingUpdate?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(adminB.caller.staff.updatePolicy({ tenantId: tenantA.id, ...change }))).toEqual(missingUpdate);
    expect(await trpcFailureOf(leadA.caller.staff.updatePolicy({ tenantId: tenantA.id, ...change }))).toEqual(missingUpdate);
    expect(await snapshot(tenantA.id)).toEqual(before);
  });

  it("treats a staff session cookie on another tenant's pages as no session at all", async () => {
    const { tenantA, adminA } = await twoDesks();
    // The staff account lives in the home tenant; its cookie means nothing on A's own pages.
    const replayed = await callerFor(tenantA, { sessionToken: adminA.sessionToken });
    expect(await errorCodeOf(replayed.staff.me())).toBe("UNAUTHENTICATED");
    expect(await errorCodeOf(replayed.staff.members({ tenantId: tenantA.id }))).toBe("UNAUTHENTICATED");
  });
});
