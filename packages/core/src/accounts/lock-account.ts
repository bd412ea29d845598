import type { DbOrTx } from "../db/client";
import { AppError } from "../errors/app-error";

/**
 * The account's row, locked for the rest of the transaction. Whatever changes how an account can
 * be recovered takes it first (its trusted-contact list, a recovery's start, cancel, approval and
 * completion), so two such changes run one after the other, and always in the same order (no
 * deadlock between a cancel and a completion holding each other's rows).
 */
export async function lockAccount(tx: DbOrTx, tenantId: string, userId: string): Promise<{ id: string; email: string; name: string }> {
  const [account] = await tx.$queryRaw<{ id: string; email: string; name: string }[]>`
    SELECT id, email, name FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenantId} FOR UPDATE`;
  if (!account) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
  return account;
}
