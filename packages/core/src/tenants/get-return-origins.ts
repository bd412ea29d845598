import type { DbOrTx } from "../db/client";
import { notFoundForStaff, requireStaffRole, type Staff } from "../staff/staff-access";
import { parseTenantPolicy } from "./tenant-policy";

export type GetReturnOriginsOptions = { db: DbOrTx; staff: Staff; tenantId: string };

/** The origins the hosted sign-in may return people to, for the tenant's admins only (S28). */
export async function getReturnOrigins(options: GetReturnOriginsOptions): Promise<string[]> {
  const { db, staff, tenantId } = options;
  requireStaffRole(staff, tenantId, "admin", "organisation");
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { policy: true } });
  if (!tenant) throw notFoundForStaff("organisation");
  return parseTenantPolicy(tenant.policy).api.returnOrigins;
}
