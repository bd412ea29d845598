import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { queueSecurityNotice } from "../notifications/queue-security-notice";
import { withNotifications } from "../notifications/with-notifications";
import { assertNotFrozen } from "../recovery/assert-not-frozen";
import { revokeOtherSessions } from "../sessions/revoke-other-sessions";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type RemoveFactorOptions = { db: Db; tenant: Tenant; userId: string; sessionId: string; factorId: string; context: RequestContext };

const factorWords = { totp: "An authenticator app", sms: "A phone number for text messages", webauthn: "A security key or passkey" } as const;

/**
 * Removes a factor (the caller has required a fresh step-up, S12), signs out every other session
 * (S11) and tells the owner. Removing the last one turns two-step verification off; a tenant that
 * requires it refuses that.
 */
export async function removeFactor(options: RemoveFactorOptions): Promise<{ twoFactorEnabled: boolean; signedOutOtherSessions: number }> {
  const { db, tenant, userId, sessionId, factorId, context } = options;
  return withNotifications(db, async (tx, queueEmail) => {
    const factor = await tx.factor.findFirst({ where: { id: factorId, tenantId: tenant.id, userId }, select: { id: true, type: true, name: true } });
    if (!factor) throw new AppError("NOT_FOUND", "That verification method does not exist.");
    const remaining = await tx.factor.count({ where: { tenantId: tenant.id, userId, activatedAt: { not: null }, id: { not: factor.id } } });
    if (remaining === 0) await assertNotFrozen({ db: tx, tenantId: tenant.id, userId, change: "turn-off-two-step" });
    if (remaining === 0 && tenant.policy.factors.requireSecondFactor) {
      throw new AppError("CONFLICT", "Your organisation requires two-step verification. Add another method before removing this one.");
    }
    await tx.factor.delete({ where: { id: factor.id } });
    const signedOut = await revokeOtherSessions({ db: tx, tenantId: tenant.id, userId, keepSessionId: sessionId, reason: "factor_removed" });
    const actor = { type: "user", id: userId } as const;
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "factor.removed", context, data: { factorId, type: factor.type, signedOutSessions: signedOut } });
    if (remaining === 0) await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "account.two_factor_disabled", context });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } });
    const what = `${factorWords[factor.type]} (“${factor.name}”) was removed${remaining === 0 ? " and two-step verification is now off" : ""}`;
    await queueSecurityNotice({ tx, queueEmail, tenant, user, what, context });
    return { twoFactorEnabled: remaining > 0, signedOutOtherSessions: signedOut };
  });
}
