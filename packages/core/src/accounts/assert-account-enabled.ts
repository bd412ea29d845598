import type { DbOrTx } from "../db/client";
import { AppError } from "../errors/app-error";

/** What a person who proved who they are hears when their organisation disabled the account. */
export const accountDisabledError = () =>
  new AppError("FORBIDDEN", "This account is disabled. Contact the organisation that runs it to have it enabled again.");

/**
 * Refuses to go on for an account its tenant disabled. Every new session is created after this
 * check (createSession), so it is the backstop of every sign-in path: password, passkey, second
 * factor, recovery code, trusted contacts, support.
 *
 * FOR KEY SHARE is the lock the session row's foreign key takes anyway, and it conflicts with the
 * FOR UPDATE that disableAccount takes first: a sign-in that got here before a disable commits its
 * session before the disable's revoke runs (so the revoke ends it), and one that comes after waits
 * and then reads the account as disabled. Without it a racing sign-in could leave a session that
 * survives the disable and comes back to life at enable.
 */
export async function assertAccountEnabled(db: DbOrTx, tenantId: string, userId: string): Promise<void> {
  const [account] = await db.$queryRaw<{ disabled: boolean }[]>`
    SELECT "disabledAt" IS NOT NULL AS disabled FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenantId} FOR KEY SHARE`;
  if (account?.disabled) throw accountDisabledError();
}
