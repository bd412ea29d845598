import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";

export type RevokeSessionOptions = {
  db: Db;
  tenantId: string;
  userId: string;
  sessionId: string;
  /** "signed_out" when the user signs out of the current device; "revoked" from the devices page. */
  reason: "signed_out" | "revoked";
  context: RequestContext;
};

export async function revokeSession(options: RevokeSessionOptions) {
  const { db, tenantId, userId, sessionId, reason, context } = options;
  await db.$transaction(async (tx) => {
    // Scoped by tenant and user: one user can never end another's session, and a missing or
    // foreign session gets the same answer.
    const { count } = await tx.session.updateMany({
      where: { id: sessionId, tenantId, userId, revokedAt: null },
      data: { revokedAt: new Date(), revokeReason: reason },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "That device is not signed in.");
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId,
      actor: { type: "user", id: userId },
      type: reason === "signed_out" ? "account.signed_out" : "session.revoked",
      context,
      data: { sessionId },
    });
  });
}
