import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser, findMessagesTo } from "@rekey/core/testing";
import { errorCodeOf, signedInCaller } from "./support";
import { addStaffRole, ageStaffSession, makeStaff, memberIdOf, staffAuditRows, tenantById } from "./staff-fixtures";
import { trpcFailureOf } from "./trusted-contacts-fixtures";

async function desk() {
  const home = await createTestTenant();
  const tenant = await createTestTenant();
  const admin = await makeStaff({ tenantId: tenant.id, role: "admin", homeTenantId: home.id, name: "Ada Admin" });
  return { home, tenant, admin };
}

describe("staff.me: why the dashboard is open or closed", () => {
  it("says ok with the memberships for a staff session, and not-staff for anyone else", async () => {
    const { home, tenant, admin } = await desk();
    expect(await admin.caller.staff.me()).toEqual({
      gate: "ok",
      name: "Ada Admin",
      email: admin.email,
      memberships: [{ tenantId: tenant.id, tenantSlug: tenant.slug, tenantName: tenant.name, role: "admin" }],
    });
    const person = await createTestUser(home.id);
    const { caller } = await signedInCaller(home, person);
    expect(await caller.staff.me()).toMatchObject({ gate: "not-staff", memberships: [] });
    // The dashboard itself answers a non-staff session as if it did not exist.
    expect(await errorCodeOf(caller.staff.members({ tenantId: tenant.id }))).toBe("NOT_FOUND");
  });

  it("asks a staff member who signed in with a password only to use their second factor", async () => {
    const { home, tenant } = await desk();
    const person = await createTestUser(home.id);
    await addStaffRole(person.id, tenant.id, "agent");
    // No authenticator app yet.
    const first = await signedInCaller(home, person);
    expect((await first.caller.staff.me()).gate).toBe("needs-second-factor");
    expect(await errorCodeOf(first.caller.staff.actions())).toBe("FORBIDDEN");
  });
});

describe("staff administration by a tenant's admin", () => {
  it("lists the desk's members", async () => {
    const { tenant, admin } = await desk();
    const agent = await makeStaff({ tenantId: tenant.id, role: "agent", name: "Al Agent" });
    const members = await admin.caller.staff.members({ tenantId: tenant.id });
    expect(members.map((member) => [member.name, member.role])).toEqual([["Ada Admin", "admin"], ["Al Agent", "agent"]]);
    expect(members[1]).toMatchObject({ userId: agent.userId, email: agent.email, memberId: await memberIdOf(agent.userId, tenant.id) });
    expect(members[1]!.since).toBeInstanceOf(Date);
  });

  it("grants a role to an account of the tenant, or of the admin's own tenant, mails them and audits it with the reason", async () => {
    const { home, tenant, admin } = await desk();
    const customer = await createTestUser(tenant.id, { name: "Cora", email: `Cora-${tenant.slug}@example.test` });
    const colleague = await createTestUser(home.id, { name: "Colin" });
    const granted = await admin.caller.staff.grant({ tenantId: tenant.id, email: `  CORA-${tenant.slug}@Example.test `, role: "agent", reason: "Joined the support team" });
    expect(granted.userId).toBe(customer.id);
    const fromHome = await admin.caller.staff.grant({ tenantId: tenant.id, email: colleague.email, role: "lead", reason: "Team lead for nights" });
    expect(fromHome.userId).toBe(colleague.id);
    expect((await admin.caller.staff.members({ tenantId: tenant.id })).map((m) => m.role)).toEqual(["admin", "agent", "lead"]);

    const [mail] = await findMessagesTo(home.id, colleague.email);
    expect(mail?.text).toContain(`you now have the lead role on ${tenant.name}'s support desk`);
    expect(mail?.text).toContain("passkey or an authenticator app");
    expect((await findMessagesTo(tenant.id, customer.email))[0]?.text).toContain("agent role");

    const rows = await staffAuditRows(tenant.id);
    expect(rows.map((row) => [row.type, row.userId, row.actorId, (row.data as { reason?: string }).reason])).toEqual([
      ["staff.created", customer.id, admin.userId, "Joined the support team"],
      ["staff.created", colleague.id, admin.userId, "Team lead for nights"],
    ]);
  });

  it("refuses an address with no account, and someone already on the desk", async () => {
    const { tenant, admin } = await desk();
    const missing = await trpcFailureOf(admin.caller.staff.grant({ tenantId: tenant.id, email: "nobody@example.test", role: "agent", reason: "New hire" }));
    expect(missing).toMatchObject({ appCode: "NOT_FOUND", message: "No account uses that address. Ask them to create one first, then try again." });
    const agent = await makeStaff({ tenantId: tenant.id, role: "agent" });
    expect((await trpcFailureOf(admin.caller.staff.grant({ tenantId: tenant.id, email: agent.email, role: "admin", reason: "Promotion" })))?.appCode).toBe("CONFLICT");
    expect(await staffAuditRows(tenant.id)).toEqual([]);
  });

  it("changes a role and removes a member, each audited with its reason; the removed member's dashboard closes", async () => {
    const { tenant, admin } = await desk();
    const agent = await makeStaff({ tenantId: tenant.id, role: "agent" });
    const memberId = await memberIdOf(agent.userId, tenant.id);
    expect(await admin.caller.staff.setRole({ memberId, role: "lead", reason: "Promoted to lead" })).toEqual({ memberId, role: "lead", changed: true });
    expect(await admin.caller.staff.setRole({ memberId, role: "lead", reason: "Promoted to lead" })).toEqual({ memberId, role: "lead", changed: false });
    expect((await agent.caller.staff.me()).memberships[0]?.role).toBe("lead");
    expect(await admin.caller.staff.removeMember({ memberId, reason: "Left the company" })).toEqual({ memberId, status: "removed" });
    expect((await agent.caller.staff.me()).gate).toBe("not-staff");
    const rows = await staffAuditRows(tenant.id);
    expect(rows.map((row) => [row.type, row.userId, row.data])).toEqual([
      ["staff.role_changed", agent.userId, { memberId, email: agent.email, before: "agent", after: "lead", reason: "Promoted to lead" }],
      ["staff.removed", agent.userId, { memberId, email: agent.email, role: "lead", reason: "Left the company" }],
    ]);
  });

  it("asks for a fresh confirmation before a grant, a role change, a removal, the high-value flag or a policy change", async () => {
    const { tenant, admin } = await desk();
    const agent = await makeStaff({ tenantId: tenant.id, role: "agent" });
    const customer = await createTestUser(tenant.id);
    const memberId = await memberIdOf(agent.userId, tenant.id);
    await ageStaffSession(admin.sessionId, 60);
    const reason = "Routine change";
    expect(await errorCodeOf(admin.caller.staff.grant({ tenantId: tenant.id, email: customer.email, role: "agent", reason }))).toBe("STEP_UP_REQUIRED");
    expect(await errorCodeOf(admin.caller.staff.setRole({ memberId, role: "admin", reason }))).toBe("STEP_UP_REQUIRED");
    expect(await errorCodeOf(admin.caller.staff.removeMember({ memberId, reason }))).toBe("STEP_UP_REQUIRED");
    expect(await errorCodeOf(admin.caller.staff.setHighValue({ userId: customer.id, highValue: true, reason }))).toBe("STEP_UP_REQUIRED");
    expect(await errorCodeOf(admin.caller.staff.updatePolicy({ tenantId: tenant.id, waitingHours: 48, secondApprover: "always", questions: [], reason }))).toBe("STEP_UP_REQUIRED");
    // Reading stays open.
    expect(await admin.caller.staff.members({ tenantId: tenant.id })).toHaveLength(2);
    expect(await staffAuditRows(tenant.id)).toEqual([]);
  });

  it("marks an account high-value and back, audited with the reason", async () => {
    const { tenant, admin } = await desk();
    const customer = await createTestUser(tenant.id);
    expect(await admin.caller.staff.setHighValue({ userId: customer.id, highValue: true, reason: "Company director" })).toEqual({ userId: customer.id, highValue: true });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: customer.id }, select: { highValue: true } })).highValue).toBe(true);
    await admin.caller.staff.setHighValue({ userId: customer.id, highValue: false, reason: "No longer a director" });
    const rows = await staffAuditRows(tenant.id);
    expect(rows.map((row) => [row.type, row.userId, row.data])).toEqual([
      ["staff.high_value_changed", customer.id, { before: false, after: true, reason: "Company director" }],
      ["staff.high_value_changed", customer.id, { before: true, after: false, reason: "No longer a director" }],
    ]);
  });

  it("reads and changes the support policy, keeping the rest of the tenant's policy, effective at once", async () => {
    const home = await createTestTenant();
    const tenant = await createTestTenant({ contacts: { threshold: 3 } } as never);
    const admin = await makeStaff({ tenantId: tenant.id, role: "admin", homeTenantId: home.id });
    const storedBefore = (await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { policy: true } })).policy as Record<string, unknown>;
    expect(await admin.caller.staff.policy({ tenantId: tenant.id })).toEqual({ enabled: true, waitingHours: 72, secondApprover: "risky", questions: [], ticketDays: 30 });
    // Read once so the tenant is cached, as a live server would have it.
    expect((await tenantById(tenant.id)).policy.support.waitingHours).toBe(72);
    const updated = await admin.caller.staff.updatePolicy({
      tenantId: tenant.id,
      waitingHours: 96,
      secondApprover: "always",
      questions: ["  What was your first pet's name? "],
      reason: "Audit finding 12",
    });
    expect(updated).toEqual({ enabled: true, waitingHours: 96, secondApprover: "always", questions: ["What was your first pet's name?"], ticketDays: 30 });
    const stored = (await getDb().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { policy: true } })).policy as Record<string, unknown>;
    expect(stored.contacts).toMatchObject({ threshold: 3 });
    expect({ ...stored, support: null }).toEqual({ ...storedBefore, support: null });
    expect((await tenantById(tenant.id)).policy.support.waitingHours).toBe(96);
    const [row] = await staffAuditRows(tenant.id);
    expect(row).toMatchObject({
      type: "staff.support_policy_changed",
      userId: null,
      actorId: admin.userId,
      data: {
        before: { waitingHours: 72, secondApprover: "risky", questions: [] },
        after: { waitingHours: 96, secondApprover: "always", questions: ["What was your first pet's name?"] },
        reason: "Audit finding 12",
      },
    });
  });
});

describe("staff.actions: the staff-actions log for leads and admins", () => {
  it("lists staff actions newest first with who, where, why and whom, 50 a page", async () => {
    const { tenant, admin } = await desk();
    const lead = await makeStaff({ tenantId: tenant.id, role: "lead", name: "Lee Lead" });
    const customer = await createTestUser(tenant.id);
    for (let index = 0; index < 51; index += 1) {
      await admin.caller.staff.user({ userId: customer.id, reason: `Look number ${index}` });
    }
    await admin.caller.staff.setHighValue({ userId: customer.id, highValue: true, reason: "Public figure" });
    const first = await lead.caller.staff.actions({ tenantId: tenant.id });
    expect(first.actions).toHaveLength(50);
    expect(first.actions[0]).toEqual({
      id: expect.any(String),
      at: expect.any(Date),
      tenant: { id: tenant.id, name: tenant.name },
      staff: { name: "Ada Admin", email: admin.email },
      type: "staff.high_value_changed",
      description: "Account marked for extra care by support",
      reason: "Public figure",
      subjectEmail: customer.email,
    });
    expect(first.actions[1]?.reason).toBe("Look number 50");
    expect(first.nextCursor).toBe(first.actions[49]!.id);
    const second = await lead.caller.staff.actions({ tenantId: tenant.id, cursor: first.nextCursor! });
    expect(second.actions.map((action) => action.reason)).toEqual(["Look number 1", "Look number 0"]);
    expect(second.nextCursor).toBeNull();
    // Without a tenant: every tenant the caller leads.
    expect((await lead.caller.staff.actions()).actions).toHaveLength(50);
  });
});
