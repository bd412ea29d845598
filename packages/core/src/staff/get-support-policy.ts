import type { DbOrTx } from "../db/client";
import { parseTenantPolicy, type TenantPolicy } from "../tenants/tenant-policy";
import { notFoundForStaff, requireStaffRole, type Staff } from "./staff-access";

export type GetSupportPolicyOptions = { db: DbOrTx; staff: Staff; tenantId: string };

export type SupportPolicy = TenantPolicy["support"];

/** The tenant's support policy as it stands (defaults filled in), for its admins only (S28). */
export async function getSupportPolicy(options: GetSupportPolicyOptions): Promise<SupportPolicy> {
  const { db, staff, tenantId } = options;
  requireStaffRole(staff, tenantId, "admin", "organisation");
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { policy: true } });
  if (!tenant) throw notFoundForStaff("organisation");
  return parseTenantPolicy(tenant.policy).support;
}
