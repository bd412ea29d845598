import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { errorCode } from "./errors";
import { getCaller, requireSession } from "./caller";

type StaffRole = "agent" | "lead" | "admin";
const rank: Record<StaffRole, number> = { agent: 1, lead: 2, admin: 3 };

/**
 * The signed-in person's staff status (staff.me): the dashboard's gate and their roles. Sends a
 * visitor without a session to sign in and back to `returnPath`; someone who is not staff gets the
 * missing page, as the api answers them (S28). The api is asked once per request, by
 * the layout and the page together.
 */
export async function getStaffStatus(tenantSlug: string, returnPath: string) {
  const { caller } = await requireSession(tenantSlug, returnPath);
  const me = await staffMe(tenantSlug);
  if (me.gate === "not-staff" || me.memberships.length === 0) notFound();
  return { caller, me };
}

const staffMe = cache(async (tenantSlug: string) => (await getCaller(tenantSlug)).staff.me());

export type StaffStatus = Awaited<ReturnType<typeof staffMe>>;

/**
 * For a dashboard page: the caller and the staff member when the gate is open, or null when it is
 * closed (the staff layout then shows why instead of the page).
 */
export async function requireStaff(tenantSlug: string, returnPath: string) {
  const status = await getStaffStatus(tenantSlug, returnPath);
  return status.me.gate === "ok" ? status : null;
}

/** The tenants where the staff member holds at least `atLeast`. */
export function tenantsWithRole(me: StaffStatus, atLeast: StaffRole) {
  return me.memberships.filter((membership) => rank[membership.role] >= rank[atLeast]);
}

/** Runs a query and turns the api's not-found (also its answer for "not yours", S28) into the missing page. */
export async function orNotFound<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (errorCode(error) === "NOT_FOUND") notFound();
    throw error;
  }
}
