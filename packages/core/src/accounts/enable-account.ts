import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { requireTenantAccount } from "./require-tenant-account";

export type EnableAccountOptions = { db: Db; tenant: Tenant; userId: string; actor: AuditActor; context: RequestContext };

/**
 * The tenant enables a disabled account again (tenant API `users.enable`): its owner can sign in as
 * before. Nothing the disable ended comes back: sessions, links and recoveries stay ended. Enabling
 * an enabled account changes nothing and records nothing.
 */
export async function enableAccount(options: EnableAccountOptions): Promise<{ userId: string; changed: boolean }> {
  const { db, tenant, userId, actor, context } = options;
  return db.$transaction(async (tx) => {
    const account = await requireTenantAccount({ db: tx, tenantId: tenant.id, userId, lock: "update" });
    if (!account.disabledAt) return { userId, changed: false };
    await tx.user.update({ where: { id: userId }, data: { disabledAt: null } });
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "account.enabled", context, data: { disabledAt: account.disabledAt.toISOString() } });
    return { userId, changed: true };
  });
}
