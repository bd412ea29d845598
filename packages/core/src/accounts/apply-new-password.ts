import type { Tx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { passwordChangedMessage, type SecurityNoticeDetails } from "../notifications/email-templates";
import { queueSecurityNotice } from "../notifications/queue-security-notice";
import type { QueueEmail } from "../notifications/with-notifications";
import { revokeOtherSessions } from "../sessions/revoke-other-sessions";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type ApplyNewPasswordOptions = {
  tx: Tx;
  queueEmail: QueueEmail;
  tenant: Tenant;
  userId: string;
  passwordHash: string;
  /** "changed": signed in, this session stays. "reset": by an emailed link, every session ends. */
  reason: "changed" | "reset";
  keepSessionId: string | null;
  context: RequestContext;
};

/**
 * What every new password brings along, in the caller's transaction: other sessions signed out
 * (S11), outstanding reset links dead, the audit row, and a notice to the owner with a "this
 * wasn't me" link (S27).
 */
export async function applyNewPassword(options: ApplyNewPasswordOptions): Promise<{ email: string; signedOutSessions: number }> {
  const { tx, queueEmail, tenant, userId, passwordHash, reason, keepSessionId, context } = options;
  const now = new Date();
  const user = await tx.user.update({
    where: { id: userId },
    // Following a reset link proves the address, so it counts as verified.
    data: { passwordHash, passwordChangedAt: now, ...(reason === "reset" ? { emailVerifiedAt: now } : {}) },
    select: { id: true, email: true },
  });
  const signedOut = await revokeOtherSessions({ db: tx, tenantId: tenant.id, userId, keepSessionId, reason: reason === "reset" ? "password_reset" : "password_changed" });
  await tx.emailToken.updateMany({ where: { tenantId: tenant.id, userId, purpose: "reset_password", usedAt: null }, data: { usedAt: now } });
  await recordAuditEvent({
    db: tx,
    tenantId: tenant.id,
    userId,
    actor: { type: "user", id: userId },
    type: reason === "reset" ? "account.password_reset" : "account.password_changed",
    context,
    data: { signedOutSessions: signedOut },
  });
  const what = (details: SecurityNoticeDetails & { notMeUrl: string }) => passwordChangedMessage({ tenantName: tenant.name }, { ...details, reason });
  await queueSecurityNotice({ tx, queueEmail, tenant, user, what, context });
  return { email: user.email, signedOutSessions: signedOut };
}
