import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { revokeOtherSessions } from "./revoke-other-sessions";

export type RevokeAllOtherSessionsOptions = {
  db: Db;
  tenantId: string;
  userId: string;
  currentSessionId: string;
  context: RequestContext;
};

/** "Sign out everywhere else" from the devices page. */
export async function revokeAllOtherSessions(options: RevokeAllOtherSessionsOptions): Promise<number> {
  const { db, tenantId, userId, currentSessionId, context } = options;
  return db.$transaction(async (tx) => {
    const count = await revokeOtherSessions({ db: tx, tenantId, userId, keepSessionId: currentSessionId, reason: "signed_out_elsewhere" });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId,
      actor: { type: "user", id: userId },
      type: "session.revoked_all_others",
      context,
      data: { count },
    });
    return count;
  });
}
