import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import type { Tenant } from "@rekey/core";
import { makeStaff, memberIdOf, type TestStaff } from "./staff-fixtures";
import { trpcFailureOf } from "./trusted-contacts-fixtures";

// S30: every staff procedure checks its input with a schema. Malformed input is a BAD_REQUEST
// that says what is wrong, never a 500, and writes nothing: no role, flag, policy or audit row.

type Untyped = (input: unknown) => Promise<unknown>;
const huge = "x".repeat(100_000);
const reason = "A good reason";

function sentencesOf(message: string): string[] {
  try {
    const issues: unknown = JSON.parse(message);
    if (Array.isArray(issues)) return issues.map((issue) => String((issue as { message?: unknown }).message));
  } catch {
    // A domain error's message is already a sentence.
  }
  return [message];
}

type Fixture = { tenant: Tenant; admin: TestStaff; memberId: string; customerId: string };

const cases: [string, (admin: TestStaff) => Untyped, (f: Fixture) => unknown, RegExp][] = [
  ["members: no tenant", (a) => a.caller.staff.members as Untyped, () => ({}), /expected string|Choose an organisation/],
  ["members: a huge tenant id", (a) => a.caller.staff.members as Untyped, () => ({ tenantId: huge }), /^That organisation id is not valid\.$/],
  ["grant: a bad email", (a) => a.caller.staff.grant as Untyped, (f) => ({ tenantId: f.tenant.id, email: "not-an-email", role: "agent", reason }), /^Enter a valid email address\.$/],
  ["grant: an unknown role", (a) => a.caller.staff.grant as Untyped, (f) => ({ tenantId: f.tenant.id, email: "a@example.test", role: "owner", reason }), /^Choose agent, lead or admin\.$/],
  ["grant: no reason", (a) => a.caller.staff.grant as Untyped, (f) => ({ tenantId: f.tenant.id, email: "a@example.test", role: "agent" }), /^Say why you are doing this\.$/],
  ["grant: a blank reason", (a) => a.caller.staff.grant as Untyped, (f) => ({ tenantId: f.tenant.id, email: "a@example.test", role: "agent", reason: "   " }), /at least 3 characters/],
  ["setRole: a huge reason", (a) => a.caller.staff.setRole as Untyped, (f) => ({ memberId: f.memberId, role: "lead", reason: huge }), /^Keep the reason to 500 characters\.$/],
  ["setRole: a number for the role", (a) => a.caller.staff.setRole as Untyped, (f) => ({ memberId: f.memberId, role: 3, reason }), /^Choose agent, lead or admin\.$/],
  ["removeMember: an empty id", (a) => a.caller.staff.removeMember as Untyped, () => ({ memberId: "", reason }), /^Choose one\.$/],
  ["user: no reason", (a) => a.caller.staff.user as Untyped, (f) => ({ userId: f.customerId }), /^Say why you are doing this\.$/],
  ["user: a two-letter reason", (a) => a.caller.staff.user as Untyped, (f) => ({ userId: f.customerId, reason: "hi" }), /at least 3 characters/],
  ["setHighValue: a string for the flag", (a) => a.caller.staff.setHighValue as Untyped, (f) => ({ userId: f.customerId, highValue: "yes", reason }), /^Choose yes or no\.$/],
  ["actions: a huge cursor", (a) => a.caller.staff.actions as Untyped, () => ({ cursor: huge }), /^That id is not valid\.$/],
  ["updatePolicy: a waiting period under 24 hours", (a) => a.caller.staff.updatePolicy as Untyped, (f) => ({ tenantId: f.tenant.id, waitingHours: 1, secondApprover: "risky", questions: [], reason }), /^The waiting period must be at least 24 hours\.$/],
  ["updatePolicy: a fractional waiting period", (a) => a.caller.staff.updatePolicy as Untyped, (f) => ({ tenantId: f.tenant.id, waitingHours: 30.5, secondApprover: "risky", questions: [], reason }), /^Enter a whole number of hours\.$/],
  ["updatePolicy: a waiting period over 30 days", (a) => a.caller.staff.updatePolicy as Untyped, (f) => ({ tenantId: f.tenant.id, waitingHours: 10_000, secondApprover: "risky", questions: [], reason }), /at most 720 hours/],
  ["updatePolicy: an unknown approver rule", (a) => a.caller.staff.updatePolicy as Untyped, (f) => ({ tenantId: f.tenant.id, waitingHours: 48, secondApprover: "never", questions: [], reason }), /^Choose when a second approver is needed/],
  ["updatePolicy: six questions", (a) => a.caller.staff.updatePolicy as Untyped, (f) => ({ tenantId: f.tenant.id, waitingHours: 48, secondApprover: "risky", questions: ["Question one?", "Question two?", "Question three?", "Question four?", "Question five?", "Question six?"], reason }), /^Ask at most 5 questions\.$/],
  ["updatePolicy: a too short question", (a) => a.caller.staff.updatePolicy as Untyped, (f) => ({ tenantId: f.tenant.id, waitingHours: 48, secondApprover: "risky", questions: ["  ?  "], reason }), /^Each question needs at least 3 characters\.$/],
  ["updatePolicy: a huge question", (a) => a.caller.staff.updatePolicy as Untyped, (f) => ({ tenantId: f.tenant.id, waitingHours: 48, secondApprover: "risky", questions: [huge], reason }), /^Keep each question to 200 characters\.$/],
];

async function state(tenantId: string, homeTenantId: string) {
  const db = getDb();
  const [members, audit, homeAudit, users, tenant] = await Promise.all([
    db.staffMember.findMany({ where: { tenantId }, select: { id: true, role: true }, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: { tenantId } }),
    db.auditEvent.count({ where: { tenantId: homeTenantId } }),
    db.user.findMany({ where: { tenantId }, select: { id: true, highValue: true }, orderBy: { id: "asc" } }),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { policy: true } }),
  ]);
  return { members, audit, homeAudit, users, policy: tenant.policy };
}

describe("malformed input to the staff procedures", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    const home = await createTestTenant();
    const tenant = await createTestTenant();
    const admin = await makeStaff({ tenantId: tenant.id, role: "admin", homeTenantId: home.id });
    await makeStaff({ tenantId: tenant.id, role: "agent" });
    const customer = await createTestUser(tenant.id);
    fixture = { tenant, admin, memberId: await memberIdOf(admin.userId, tenant.id), customerId: customer.id };
  });

  it.each(cases)("%s is a BAD_REQUEST that says why and changes nothing", async (_name, procedure, input, expected) => {
    const before = await state(fixture.tenant.id, fixture.admin.homeTenant.id);
    const failure = await trpcFailureOf(procedure(fixture.admin)(input(fixture)));
    expect(failure?.code).toBe("BAD_REQUEST");
    expect(sentencesOf(failure!.message).some((sentence) => expected.test(sentence))).toBe(true);
    expect(await state(fixture.tenant.id, fixture.admin.homeTenant.id)).toEqual(before);
  });
});
