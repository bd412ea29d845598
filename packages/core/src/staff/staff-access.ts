import { hours, systemClock, type Clock } from "../clock";
import type { DbOrTx } from "../db/client";
import { AppError } from "../errors/app-error";
import type { StaffRole } from "../generated/prisma/client";
import type { VerifiedSession } from "../sessions/verify-session";

/** One tenant a staff member serves, with their role there. */
export type StaffMembership = { tenantId: string; tenantSlug: string; tenantName: string; role: StaffRole };

/** Who is acting on the support dashboard: the staff user and the tenants they serve. */
export type Staff = { userId: string; email: string; name: string; memberships: StaffMembership[] };

/** Staff sessions end after this long without a request, whatever the tenant's own policy. */
export const staffIdleMinutes = 30;

const rank: Record<StaffRole, number> = { agent: 1, lead: 2, admin: 3 };

/** Second factors that count for staff: something the person holds, not a text message. */
const staffFactorTypes = ["totp", "webauthn"] as const;
const staffSessionMethods = new Set(["totp", "webauthn", "passkey"]);

export async function findStaffMemberships(db: DbOrTx, userId: string): Promise<StaffMembership[]> {
  const rows = await db.staffMember.findMany({
    where: { userId },
    select: { role: true, tenant: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({ tenantId: row.tenant.id, tenantSlug: row.tenant.slug, tenantName: row.tenant.name, role: row.role }));
}

/** The answer to anything staff may not see or do, the same as for a row that does not exist (S28). */
export function notFoundForStaff(what = "ticket"): AppError {
  return new AppError("NOT_FOUND", `No such ${what}.`);
}

export function hasStaffRole(staff: Staff, tenantId: string, atLeast: StaffRole): boolean {
  const membership = staff.memberships.find((m) => m.tenantId === tenantId);
  return Boolean(membership && rank[membership.role] >= rank[atLeast]);
}

/** Throws the not-found answer unless the staff member holds `atLeast` in the tenant. */
export function requireStaffRole(staff: Staff, tenantId: string, atLeast: StaffRole, what?: string): void {
  if (!hasStaffRole(staff, tenantId, atLeast)) throw notFoundForStaff(what);
}

/** The tenants where the staff member holds at least `atLeast`. */
export function tenantsWithRole(staff: Staff, atLeast: StaffRole): string[] {
  return staff.memberships.filter((m) => rank[m.role] >= rank[atLeast]).map((m) => m.tenantId);
}

export type StaffGate =
  | { ok: true; staff: Staff }
  | { ok: false; reason: StaffGateReason };

export type StaffGateReason = "not-staff" | "needs-second-factor" | "new-second-factor" | "sign-in-again" | "use-second-factor";

/**
 * A strong factor added to a staff account closes the dashboard for this long. Without it, a
 * stolen password plus a text-message factor (a SIM swap) could add an authenticator app and
 * walk in; with it, the owner has a day to react to the "method added" notice.
 */
export const staffNewFactorHours = 24;

/**
 * Whether this session may use the support dashboard: the account holds a staff role, has a
 * passkey, security key or authenticator app (S26's staff are a prime target), none of them added
 * in the last day, this session signed in (or stepped up) with one of them, and it was made with
 * the staff idle limit.
 */
export async function checkStaffSession(db: DbOrTx, session: VerifiedSession, clock: Clock = systemClock): Promise<StaffGate> {
  const memberships = await findStaffMemberships(db, session.userId);
  if (memberships.length === 0) return { ok: false, reason: "not-staff" };
  const strongFactors = await db.factor.findMany({
    where: { userId: session.userId, type: { in: [...staffFactorTypes] }, activatedAt: { not: null } },
    select: { activatedAt: true },
  });
  if (strongFactors.length === 0) return { ok: false, reason: "needs-second-factor" };
  const newest = Math.max(...strongFactors.map((factor) => factor.activatedAt?.getTime() ?? 0));
  if (clock.now().getTime() - newest < hours(staffNewFactorHours)) return { ok: false, reason: "new-second-factor" };
  if (session.idleMinutes === null) return { ok: false, reason: "sign-in-again" };
  if (!session.methods.some((method) => staffSessionMethods.has(method))) return { ok: false, reason: "use-second-factor" };
  return { ok: true, staff: { userId: session.userId, email: session.user.email, name: session.user.name, memberships } };
}

export const staffGateMessages: Record<StaffGateReason, string> = {
  "not-staff": "This page is for support staff.",
  "new-second-factor": `A passkey, security key or authenticator app was added to this account in the last ${staffNewFactorHours} hours. The support dashboard opens ${staffNewFactorHours} hours after it was added.`,
  "needs-second-factor": "Staff accounts need a passkey, a security key or an authenticator app. Add one on your security page, then sign in again.",
  "sign-in-again": "Sign in again to use the support dashboard.",
  "use-second-factor": "Sign in with your passkey, security key or authenticator app to use the support dashboard.",
};
