import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { queueSecurityNotice } from "../notifications/queue-security-notice";
import { withNotifications } from "../notifications/with-notifications";
import { AppError } from "../errors/app-error";
import { requireTenantAccount } from "../accounts/require-tenant-account";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { issueRecoveryCodes, prepareRecoveryCodes, type IssuedRecoveryCodes } from "./issue-recovery-codes";

export type RegenerateRecoveryCodesOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  context: RequestContext;
  /** Who asked, when not the owner on the security page (a tenant API key). */
  actor?: AuditActor;
};

/**
 * "Generate new codes": a working set replaces the old one (and any pending one) in one
 * transaction with its audit row and the owner's notice, so every old code fails from the moment
 * it commits and not a moment before (S23). Sessions that signed in with the last code are free
 * again. Callers require a fresh step-up first (S12).
 */
export async function regenerateRecoveryCodes(options: RegenerateRecoveryCodesOptions): Promise<IssuedRecoveryCodes> {
  const { db, tenant, userId, context, actor = { type: "user", id: userId } } = options;
  // A hash per code: done before the transaction opens, so it holds no connection or lock meanwhile.
  const prepared = await prepareRecoveryCodes(tenant.policy.recoveryCodes);
  return withNotifications(db, async (tx, queueEmail) => {
    // Another tenant's account answers as a missing one (S28), before anything else is said of it.
    await requireTenantAccount({ db: tx, tenantId: tenant.id, userId });
    const activeFactors = await tx.factor.count({ where: { tenantId: tenant.id, userId, activatedAt: { not: null } } });
    if (activeFactors === 0) {
      throw new AppError("CONFLICT", "Recovery codes come with two-step verification. Turn it on first by adding a method.");
    }
    const issued = await issueRecoveryCodes({ tx, tenant, userId, confirmed: true, prepared });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId,
      actor,
      type: "recovery_codes.generated",
      context,
      data: { setId: issued.setId, style: issued.style, count: issued.codes.length },
    });
    await tx.session.updateMany({ where: { tenantId: tenant.id, userId, recoveryCodesDue: true }, data: { recoveryCodesDue: false } });
    const user = await tx.user.findFirstOrThrow({ where: { id: userId, tenantId: tenant.id }, select: { email: true } });
    const what = issued.style === "key" ? "A new recovery key was made; the old one no longer works" : "New recovery codes were made; the old ones no longer work";
    await queueSecurityNotice({ tx, queueEmail, tenant, user: { id: userId, email: user.email }, what, context });
    return issued;
  });
}
