import { describe, expect, it } from "vitest";
import { systemRequestContext } from "../../src/audit/request-context";
import { getDb } from "../../src/db/client";
import { AppError } from "../../src/errors/app-error";
import { newId } from "../../src/ids";
import { findStaffMembers } from "../../src/staff/find-staff-members";
import { getStaffStatus } from "../../src/staff/get-staff-status";
import { setStaffRole } from "../../src/staff/set-staff-role";
import type { Staff } from "../../src/staff/staff-access";
import type { VerifiedSession } from "../../src/sessions/verify-session";
import { updateSupportPolicy } from "../../src/staff/update-support-policy";
import { createTestTenant, createTestUser } from "../../src/testing";

const db = getDb();

function staffOf(userId: string, memberships: Staff["memberships"]): Staff {
  return { userId, email: `${userId}@example.test`, name: "Staff", memberships };
}

async function thrown(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

// Core is the last line: a caller that skips the API's schemas (a script, a future procedure)
// still cannot store a policy below S26's floor, nor act outside the tenants a Staff holds.
describe("core staff functions called without the API in front", () => {
  it("refuses a support waiting period under 24 hours and keeps the stored policy", async () => {
    const tenant = await createTestTenant();
    const admin = staffOf("usr_admin", [{ tenantId: tenant.id, tenantSlug: tenant.slug, tenantName: tenant.name, role: "admin" }]);
    const before = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { policy: true } });
    const error = await thrown(
      updateSupportPolicy({ db, staff: admin, tenantId: tenant.id, changes: { waitingHours: 1, secondApprover: "risky", questions: [] }, reason: "Faster", context: systemRequestContext }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.details?.join(" ")).toContain("support.waitingHours");
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { policy: true } })).toEqual(before);
    expect(await db.auditEvent.count({ where: { tenantId: tenant.id, type: "staff.support_policy_changed" } })).toBe(0);
  });

  it("answers a lead's or a stranger's request for an admin's view with the missing-tenant answer", async () => {
    const tenant = await createTestTenant();
    const lead = staffOf("usr_lead", [{ tenantId: tenant.id, tenantSlug: tenant.slug, tenantName: tenant.name, role: "lead" }]);
    const stranger = staffOf("usr_stranger", []);
    const missing = await thrown(findStaffMembers({ db, staff: lead, tenantId: "tnt_doesnotexist" }));
    expect(missing.code).toBe("NOT_FOUND");
    for (const staff of [lead, stranger]) {
      const error = await thrown(findStaffMembers({ db, staff, tenantId: tenant.id }));
      expect([error.code, error.message]).toEqual([missing.code, missing.message]);
    }
  });

  it("trusts the roles the Staff holds, not the member row's tenant: an admin elsewhere cannot promote here", async () => {
    const tenant = await createTestTenant();
    const other = await createTestTenant();
    const person = await createTestUser(tenant.id);
    const memberId = newId("staff");
    await db.staffMember.create({ data: { id: memberId, tenantId: tenant.id, userId: person.id, role: "agent" } });
    const adminElsewhere = staffOf("usr_admin", [{ tenantId: other.id, tenantSlug: other.slug, tenantName: other.name, role: "admin" }]);
    const error = await thrown(setStaffRole({ db, staff: adminElsewhere, memberId, role: "admin", reason: "Promote", context: systemRequestContext }));
    expect(error.code).toBe("NOT_FOUND");
    expect((await db.staffMember.findUniqueOrThrow({ where: { id: memberId }, select: { role: true } })).role).toBe("agent");
  });

  it("does not count a text message as a staff second factor, and still names the person's roles", async () => {
    const tenant = await createTestTenant();
    const person = await createTestUser(tenant.id, { name: "Pat" });
    await db.staffMember.create({ data: { id: newId("staff"), tenantId: tenant.id, userId: person.id, role: "agent" } });
    await db.factor.create({ data: { id: newId("factor"), tenantId: tenant.id, userId: person.id, type: "sms", name: "Phone", phoneE164: "+447400123456", activatedAt: new Date() } });
    const session: VerifiedSession = {
      sessionId: "ses_x",
      tenantId: tenant.id,
      userId: person.id,
      createdAt: new Date(),
      lastSeenAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
      authenticatedAt: new Date(),
      methods: ["password", "sms"],
      deviceId: null,
      recoveryCodesDue: false,
      secondFactorDue: false,
      idleMinutes: null,
      user: { id: person.id, email: person.email, name: "Pat" },
    };
    const status = await getStaffStatus({ db, session });
    expect(status).toEqual({ gate: "needs-second-factor", name: "Pat", email: person.email, memberships: [{ tenantId: tenant.id, tenantSlug: tenant.slug, tenantName: tenant.name, role: "agent" }] });
  });
});
