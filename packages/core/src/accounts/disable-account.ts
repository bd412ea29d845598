import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { cancelOpenRecoveries } from "../recovery/cancel-contact-recovery";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { requireTenantAccount } from "./require-tenant-account";

export type DisableAccountOptions = { db: Db; tenant: Tenant; userId: string; actor: AuditActor; context: RequestContext; clock?: Clock };

export type AccountDisabled = { userId: string; disabledAt: Date; revokedSessions: number; changed: boolean };

/**
 * The tenant disables an account (tenant API `users.disable`): in one transaction every session
 * ends, sign-ins waiting for their second factor expire, mailed reset and support-recovery links
 * die, recoveries under way are cancelled, and the audit row is written. From then on no path signs
 * it in (createSession refuses it, password sign-in says so once the password is right) and the
 * forgot-password and recovery starts answer as for an unknown address (S5). The account row is
 * locked first, so a sign-in racing this either finishes before (and its session is revoked here)
 * or is refused. Disabling a disabled account changes nothing and records nothing.
 */
export async function disableAccount(options: DisableAccountOptions): Promise<AccountDisabled> {
  const { db, tenant, userId, actor, context, clock = systemClock } = options;
  return db.$transaction(async (tx) => {
    const account = await requireTenantAccount({ db: tx, tenantId: tenant.id, userId, lock: "update" });
    if (account.disabledAt) return { userId, disabledAt: account.disabledAt, revokedSessions: 0, changed: false };
    const now = clock.now();
    await tx.user.update({ where: { id: userId }, data: { disabledAt: now } });
    const { count: revokedSessions } = await tx.session.updateMany({
      where: { tenantId: tenant.id, userId, revokedAt: null },
      data: { revokedAt: now, revokeReason: "account_disabled" },
    });
    await tx.signInChallenge.updateMany({ where: { tenantId: tenant.id, userId, completedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
    await tx.emailToken.updateMany({
      where: { tenantId: tenant.id, userId, usedAt: null, purpose: { in: ["reset_password", "support_recovery"] } },
      data: { usedAt: now },
    });
    const cancelledRecoveries = await cancelOpenRecoveries({ db: tx, tenantId: tenant.id, userId, reason: "account_disabled", actor, context, clock });
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "account.disabled", context, data: { revokedSessions, cancelledRecoveries } });
    return { userId, disabledAt: now, revokedSessions, changed: true };
  });
}
