import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant } from "@rekey/core/testing";
import { makeStaff, memberIdOf, staffAuditRows } from "./staff-fixtures";
import { trpcFailureOf } from "./trusted-contacts-fixtures";

const reason = "Reorganising the desk";

async function adminCount(tenantId: string) {
  return getDb().staffMember.count({ where: { tenantId, role: "admin" } });
}

// A desk with no admin cannot be administered again from the dashboard: nobody could grant roles,
// change the policy or mark accounts high-value.
describe("leaving a support desk without an admin", () => {
  it("refuses to demote or remove the last admin, even themself", async () => {
    const tenant = await createTestTenant();
    const admin = await makeStaff({ tenantId: tenant.id, role: "admin" });
    const memberId = await memberIdOf(admin.userId, tenant.id);
    const demote = await trpcFailureOf(admin.caller.staff.setRole({ memberId, role: "lead", reason }));
    expect(demote?.appCode).toBe("CONFLICT");
    expect(demote?.message).toContain("last admin");
    const remove = await trpcFailureOf(admin.caller.staff.removeMember({ memberId, reason }));
    expect(remove?.appCode).toBe("CONFLICT");
    expect(remove?.message).toContain("Make someone else an admin first");
    expect(await adminCount(tenant.id)).toBe(1);
    expect(await staffAuditRows(tenant.id)).toEqual([]);
  });

  it("lets an admin step down once there is another", async () => {
    const tenant = await createTestTenant();
    const first = await makeStaff({ tenantId: tenant.id, role: "admin" });
    const second = await makeStaff({ tenantId: tenant.id, role: "admin" });
    await first.caller.staff.setRole({ memberId: await memberIdOf(first.userId, tenant.id), role: "agent", reason });
    expect(await adminCount(tenant.id)).toBe(1);
    expect((await trpcFailureOf(second.caller.staff.removeMember({ memberId: await memberIdOf(second.userId, tenant.id), reason })))?.appCode).toBe("CONFLICT");
  });

  it("keeps one admin when two admins demote or remove each other at the same moment", async () => {
    for (const change of ["demote", "remove"] as const) {
      const tenant = await createTestTenant();
      const first = await makeStaff({ tenantId: tenant.id, role: "admin" });
      const second = await makeStaff({ tenantId: tenant.id, role: "admin" });
      const firstId = await memberIdOf(first.userId, tenant.id);
      const secondId = await memberIdOf(second.userId, tenant.id);
      const act = (caller: typeof first.caller, memberId: string) =>
        change === "demote" ? caller.staff.setRole({ memberId, role: "agent", reason }) : caller.staff.removeMember({ memberId, reason });
      const outcomes = await Promise.allSettled([act(first.caller, secondId), act(second.caller, firstId), act(first.caller, firstId), act(second.caller, secondId)]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      expect(await adminCount(tenant.id)).toBe(1);
      expect(await staffAuditRows(tenant.id)).toHaveLength(1);
    }
  });
});
