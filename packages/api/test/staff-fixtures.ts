import { randomBytes } from "node:crypto";
import { getDb } from "@rekey/core/db";
import { createSession, getTenantBySlug, newId, type Tenant } from "@rekey/core";
import { createTestUser } from "@rekey/core/testing";
import { seal } from "../../core/src/crypto/secret-box";
import { callerFor } from "./support";

// Staff for the dashboard's procedures, made directly in the database: signing a staff member in
// through TOTP for every test would dominate the run, and the gate (staff-access.ts) only reads
// rows. What makes a session pass it: a staff role, an activated authenticator app, a session
// whose methods include "totp", and the staff idle limit (createSession sets it for staff).

export type StaffRoleName = "agent" | "lead" | "admin";

export type MakeStaffOptions = {
  /** The tenant whose support desk they serve. */
  tenantId: string;
  role: StaffRoleName;
  /** Where their own account lives (the install's "default" tenant, usually); the served tenant if unset. */
  homeTenantId?: string;
  name?: string;
  email?: string;
};

export type TestStaff = {
  userId: string;
  email: string;
  password: string;
  /** The tenant of their own account: their session and caller belong to it. */
  homeTenant: Tenant;
  sessionToken: string;
  sessionId: string;
  caller: Awaited<ReturnType<typeof callerFor>>;
};

export async function tenantById(tenantId: string): Promise<Tenant> {
  const { slug } = await getDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { slug: true } });
  return getTenantBySlug({ db: getDb(), slug });
}

/** A staff member with `role` in `tenantId`, signed in with password and authenticator app. */
export async function makeStaff(options: MakeStaffOptions): Promise<TestStaff> {
  const db = getDb();
  const homeTenant = await tenantById(options.homeTenantId ?? options.tenantId);
  const user = await createTestUser(homeTenant.id, {
    name: options.name ?? `Staff ${options.role}`,
    email: options.email ?? `staff-${randomBytes(4).toString("hex")}@example.test`,
  });
  await db.staffMember.create({ data: { id: newId("staff"), tenantId: options.tenantId, userId: user.id, role: options.role } });
  await db.factor.create({
    data: { id: newId("factor"), tenantId: homeTenant.id, userId: user.id, type: "totp", name: "Authenticator app", activatedAt: new Date(Date.now() - 2 * 24 * 60 * 60_000), totpSealedSecret: seal(randomBytes(20).toString("hex")) },
  });
  const session = await createSession({
    db,
    tenantId: homeTenant.id,
    userId: user.id,
    policy: homeTenant.policy,
    context: { ip: "198.51.100.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0" },
    methods: ["password", "totp"],
  });
  const caller = await callerFor(homeTenant, { sessionToken: session.token });
  return { userId: user.id, email: user.email, password: user.password, homeTenant, sessionToken: session.token, sessionId: session.sessionId, caller };
}

/** Another role for an existing staff member (their session picks it up on the next request). */
export async function addStaffRole(userId: string, tenantId: string, role: StaffRoleName): Promise<string> {
  const id = newId("staff");
  await getDb().staffMember.create({ data: { id, tenantId, userId, role } });
  return id;
}

/** The member row id of a staff user in a tenant. */
export async function memberIdOf(userId: string, tenantId: string): Promise<string> {
  const row = await getDb().staffMember.findUniqueOrThrow({ where: { tenantId_userId: { tenantId, userId } }, select: { id: true } });
  return row.id;
}

/** Time passes: the staff member's sign-in is older than the step-up window. */
export async function ageStaffSession(sessionId: string, minutes: number) {
  await getDb().$executeRaw`UPDATE session SET "authenticatedAt" = now() - make_interval(mins => ${minutes}) WHERE id = ${sessionId}`;
}

/** Staff audit rows of a tenant, oldest first: what S26's "every staff action is audited" leaves. */
export async function staffAuditRows(tenantId: string) {
  return getDb().auditEvent.findMany({
    where: { tenantId, actorType: "staff" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, type: true, userId: true, actorId: true, data: true },
  });
}
