// The Developers page's list of apps the hosted sign-in may return people to. Attacks: a staff
// member below admin, or an admin of another tenant, adding their own site; and an admin (or a
// stolen admin session) adding something that is an open redirect in disguise.
import { describe, expect, it } from "vitest";
import { getTenantBySlug } from "../../src/tenants/get-tenant-by-slug";
import { getReturnOrigins } from "../../src/tenants/get-return-origins";
import { setReturnOrigins } from "../../src/tenants/set-return-origins";
import type { Staff, StaffMembership } from "../../src/staff/staff-access";
import { createTestTenant } from "../../src/testing";
import { expectAppError } from "../app-error-assertions";
import { db, testContext } from "../contacts/fixtures";

type TestTenant = Awaited<ReturnType<typeof createTestTenant>>;

function staffOf(userId: string, memberships: Array<{ tenant: TestTenant; role: StaffMembership["role"] }>): Staff {
  return {
    userId,
    email: `${userId}@example.test`,
    name: "Staff",
    memberships: memberships.map(({ tenant, role }) => ({ tenantId: tenant.id, tenantSlug: tenant.slug, tenantName: tenant.name, role })),
  };
}

async function storedPolicy(tenantId: string) {
  return (await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { policy: true } })).policy;
}

describe("setting a tenant's return origins", () => {
  it("lets an admin replace the list, normalised, with an audit row, read at once by the next sign-in", async () => {
    const tenant = await createTestTenant({ api: { requestsPerMinute: 1200 } });
    const admin = staffOf("usr_admin", [{ tenant, role: "admin" }]);
    // Cached before the change, as a busy server would have it.
    expect((await getTenantBySlug({ db, slug: tenant.slug })).policy.api.returnOrigins).toEqual([]);
    const saved = await setReturnOrigins({
      db,
      staff: admin,
      tenantId: tenant.id,
      origins: [" https://App.Example.com/ ", "http://localhost:5173", "https://app.example.com:443"],
      context: testContext(),
    });
    expect(saved).toEqual(["https://app.example.com", "http://localhost:5173"]);
    expect((await getTenantBySlug({ db, slug: tenant.slug })).policy.api).toEqual({ requestsPerMinute: 1200, returnOrigins: saved });
    expect(await getReturnOrigins({ db, staff: admin, tenantId: tenant.id })).toEqual(saved);
    const audit = await db.auditEvent.findMany({ where: { tenantId: tenant.id, type: "tenant.return_origins_changed" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "staff", actorId: "usr_admin", userId: null, data: { before: [], after: saved } });

    // Saving the same list again changes nothing and records nothing.
    await setReturnOrigins({ db, staff: admin, tenantId: tenant.id, origins: saved, context: testContext() });
    expect(await db.auditEvent.count({ where: { tenantId: tenant.id, type: "tenant.return_origins_changed" } })).toBe(1);
  });

  it("answers an agent, a lead, an admin of another tenant and a missing tenant alike, and changes nothing", async () => {
    const tenant = await createTestTenant();
    const other = await createTestTenant();
    const admin = staffOf("usr_admin", [{ tenant, role: "admin" }]);
    const before = await storedPolicy(tenant.id);
    const missing = await expectAppError(setReturnOrigins({ db, staff: admin, tenantId: "tnt_doesnotexist", origins: [], context: testContext() }), "NOT_FOUND");
    const attackers = [
      staffOf("usr_agent", [{ tenant, role: "agent" }]),
      staffOf("usr_lead", [{ tenant, role: "lead" }]),
      staffOf("usr_other_admin", [{ tenant: other, role: "admin" }]),
    ];
    for (const staff of attackers) {
      const set = await expectAppError(
        setReturnOrigins({ db, staff, tenantId: tenant.id, origins: ["https://evil.example"], context: testContext() }),
        "NOT_FOUND",
      );
      expect(set.message).toBe(missing.message);
      const read = await expectAppError(getReturnOrigins({ db, staff, tenantId: tenant.id }), "NOT_FOUND");
      expect(read.message).toBe(missing.message);
    }
    expect(await storedPolicy(tenant.id)).toEqual(before);
    expect(await db.auditEvent.count({ where: { tenantId: tenant.id, type: "tenant.return_origins_changed" } })).toBe(0);
  });

  it.each([
    ["plain http to a real host", "http://app.example.com", "https"],
    ["a path (a prefix match waiting to happen)", "https://app.example.com/callback", "origin alone"],
    ["a javascript: URL", "javascript:alert(1)", "https://"],
    ["user info", "https://app.example.com@evil.example", "user name"],
    ["a wildcard", "https://*.example.com", "host"],
  ])("refuses %s and keeps the stored list", async (_label, origin, reason) => {
    const tenant = await createTestTenant({ api: { returnOrigins: ["https://app.example.com"] } });
    const admin = staffOf("usr_admin", [{ tenant, role: "admin" }]);
    const before = await storedPolicy(tenant.id);
    const error = await expectAppError(
      setReturnOrigins({ db, staff: admin, tenantId: tenant.id, origins: ["https://app.example.com", origin], context: testContext() }),
      "BAD_REQUEST",
    );
    expect(error.details?.join(" ")).toContain("api.returnOrigins");
    expect(error.details?.join(" ")).toContain(reason);
    expect(await storedPolicy(tenant.id)).toEqual(before);
  });

  it("refuses more than ten origins", async () => {
    const tenant = await createTestTenant();
    const admin = staffOf("usr_admin", [{ tenant, role: "admin" }]);
    const origins = Array.from({ length: 11 }, (_, index) => `https://app${index}.example.com`);
    await expectAppError(setReturnOrigins({ db, staff: admin, tenantId: tenant.id, origins, context: testContext() }), "BAD_REQUEST");
    expect(await getReturnOrigins({ db, staff: admin, tenantId: tenant.id })).toEqual([]);
  });
});
