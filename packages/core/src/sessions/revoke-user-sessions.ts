import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { requireTenantAccount } from "../accounts/require-tenant-account";
import { systemClock, type Clock } from "../clock";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type RevokeUserSessionsOptions = { db: Db; tenant: Tenant; userId: string; actor: AuditActor; context: RequestContext; clock?: Clock };

/**
 * A tenant app signs an account out everywhere, in one transaction with its audit row. The account
 * is locked first, so a sign-in that is creating a session right now either commits before the
 * revoke (and is revoked with the rest) or starts after it. Another tenant's account answers as a
 * missing one (S28).
 */
export async function revokeUserSessions(options: RevokeUserSessionsOptions): Promise<{ userId: string; revokedCount: number }> {
  const { db, tenant, userId, actor, context, clock = systemClock } = options;
  return db.$transaction(async (tx) => {
    await requireTenantAccount({ db: tx, tenantId: tenant.id, userId, lock: "update" });
    const { count } = await tx.session.updateMany({
      where: { tenantId: tenant.id, userId, revokedAt: null },
      data: { revokedAt: clock.now(), revokeReason: "revoked_by_tenant" },
    });
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "session.revoked_all", context, data: { revokedCount: count } });
    return { userId, revokedCount: count };
  });
}
