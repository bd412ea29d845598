import type { DbOrTx } from "../db/client";

export type RevokeOtherSessionsOptions = {
  db: DbOrTx;
  tenantId: string;
  userId: string;
  /** The session to keep; null revokes every session of the user. */
  keepSessionId: string | null;
  reason: string;
};

/** Ends the user's other sessions; they stop working on their next request (S11). */
export async function revokeOtherSessions(options: RevokeOtherSessionsOptions): Promise<number> {
  const { db, tenantId, userId, keepSessionId, reason } = options;
  const { count } = await db.session.updateMany({
    where: { tenantId, userId, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    data: { revokedAt: new Date(), revokeReason: reason },
  });
  return count;
}
