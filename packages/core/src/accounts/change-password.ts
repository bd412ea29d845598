import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { withNotifications } from "../notifications/with-notifications";
import { passwordChangedMessage } from "../notifications/email-templates";
import { tenantPageUrl } from "../notifications/links";
import { hashPassword } from "../passwords/hash-password";
import { assertAcceptablePassword } from "../passwords/assert-acceptable-password";
import { deviceLabel } from "../sessions/describe-user-agent";
import { revokeOtherSessions } from "../sessions/revoke-other-sessions";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { verifyCurrentPassword } from "./verify-current-password";

export type ChangePasswordOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  context: RequestContext;
};

/** Changes the password and signs out every other session (S11); this one stays signed in. */
export async function changePassword(options: ChangePasswordOptions): Promise<{ signedOutOtherSessions: number }> {
  const { db, tenant, userId, sessionId, currentPassword, newPassword, context } = options;
  const user = await verifyCurrentPassword({ db, tenant, userId, password: currentPassword });
  assertAcceptablePassword({ password: newPassword, userInputs: [user.email, user.name] });
  const passwordHash = await hashPassword(newPassword);
  return withNotifications(db, async (tx, queueEmail) => {
    const now = new Date();
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
    const signedOut = await revokeOtherSessions({ db: tx, tenantId: tenant.id, userId: user.id, keepSessionId: sessionId, reason: "password_changed" });
    await tx.emailToken.updateMany({ where: { tenantId: tenant.id, userId: user.id, purpose: "reset_password", usedAt: null }, data: { usedAt: now } });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: user.id,
      actor: { type: "user", id: user.id },
      type: "account.password_changed",
      context,
      data: { signedOutSessions: signedOut },
    });
    const message = passwordChangedMessage(
      { tenantName: tenant.name },
      { reason: "changed", when: now, device: deviceLabel(context.userAgent), ip: context.ip, resetUrl: tenantPageUrl(tenant, "/forgot-password") },
    );
    await queueEmail({ tenantId: tenant.id, userId: user.id, to: user.email, ...message });
    return { signedOutOtherSessions: signedOut };
  });
}
