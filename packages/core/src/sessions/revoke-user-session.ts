import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type RevokeUserSessionOptions = { db: Db; tenant: Tenant; sessionId: string; actor: AuditActor; context: RequestContext; clock?: Clock };

/**
 * A tenant app signs one session out. It ends at once: the session check reads the row on every
 * request (S11). A session that is unknown, already revoked or of another tenant gets the same
 * NOT_FOUND (S28). One that expired but was never revoked is revoked all the same (harmless).
 */
export async function revokeUserSession(options: RevokeUserSessionOptions): Promise<{ sessionId: string; userId: string; revokedAt: Date }> {
  const { db, tenant, sessionId, actor, context, clock = systemClock } = options;
  const revokedAt = clock.now();
  return db.$transaction(async (tx) => {
    const [revoked] = await tx.session.updateManyAndReturn({
      where: { id: sessionId, tenantId: tenant.id, revokedAt: null },
      data: { revokedAt, revokeReason: "revoked_by_tenant" },
      select: { id: true, userId: true },
    });
    if (!revoked) throw new AppError("NOT_FOUND", "No such session.");
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: revoked.userId, actor, type: "session.revoked", context, data: { sessionId } });
    return { sessionId, userId: revoked.userId, revokedAt };
  });
}
