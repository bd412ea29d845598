import type { DbOrTx } from "../db/client";
import { AppError } from "../errors/app-error";

export type RequireTenantAccountOptions = { db: DbOrTx; tenantId: string; userId: string; lock?: "update" };

/** The one answer for an account that is missing or another tenant's (S28): they read the same. */
export const noSuchAccount = () => new AppError("NOT_FOUND", "No such account.");

/**
 * The account `userId` of `tenantId`, or NOT_FOUND. With `lock: "update"` the row is locked for the
 * caller's transaction (FOR UPDATE, which also waits for any sign-in that is creating a session for
 * it: see assert-account-enabled.ts).
 */
export async function requireTenantAccount(options: RequireTenantAccountOptions): Promise<{ id: string; email: string; disabledAt: Date | null }> {
  const { db, tenantId, userId, lock } = options;
  const [account] = lock
    ? await db.$queryRaw<{ id: string; email: string; disabledAt: Date | null }[]>`
        SELECT id, email, "disabledAt" FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenantId} FOR UPDATE`
    : await db.$queryRaw<{ id: string; email: string; disabledAt: Date | null }[]>`
        SELECT id, email, "disabledAt" FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenantId}`;
  if (!account) throw noSuchAccount();
  return account;
}
