import type { DbOrTx } from "../db/client";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type HasPendingRecoveryCodesOptions = { db: DbOrTx; tenant: Tenant; userId: string };

/** Whether the user has a set shown but not yet confirmed (S21): the enrolment is half done. */
export async function hasPendingRecoveryCodes(options: HasPendingRecoveryCodesOptions): Promise<boolean> {
  const { db, tenant, userId } = options;
  const pending = await db.recoveryCodeSet.count({ where: { tenantId: tenant.id, userId, confirmedAt: null, replacedAt: null } });
  return pending > 0;
}
