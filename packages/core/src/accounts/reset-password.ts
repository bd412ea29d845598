import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { hashToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import { withNotifications } from "../notifications/with-notifications";
import { passwordChangedMessage } from "../notifications/email-templates";
import { tenantPageUrl } from "../notifications/links";
import { hashPassword } from "../passwords/hash-password";
import { assertAcceptablePassword } from "../passwords/assert-acceptable-password";
import { deviceLabel } from "../sessions/describe-user-agent";
import { revokeOtherSessions } from "../sessions/revoke-other-sessions";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { consumeEmailToken } from "./email-tokens";

export type ResetPasswordOptions = { db: Db; tenant: Tenant; token: string; newPassword: string; context: RequestContext };

/**
 * Sets a new password from an emailed link and signs out every session. The strength check runs
 * before the link is used up, so a refused password leaves the link working. A reset never
 * removes second factors (S7): that belongs to the recovery flows.
 */
export async function resetPassword(options: ResetPasswordOptions): Promise<{ email: string }> {
  const { db, tenant, token, newPassword, context } = options;
  const pending = await db.emailToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { tenantId: true, purpose: true, usedAt: true, expiresAt: true, user: { select: { email: true, name: true } } },
  });
  // Checked early so a dead link costs no password hash; the single-use guarantee is the
  // conditional UPDATE in consumeEmailToken below, not this read.
  if (!pending || pending.tenantId !== tenant.id || pending.purpose !== "reset_password" || pending.usedAt || pending.expiresAt <= new Date()) {
    throw new AppError("TOKEN_INVALID", "This link has expired or was already used. Ask for a new one.");
  }
  assertAcceptablePassword({ password: newPassword, userInputs: [pending.user.email, pending.user.name] });
  const passwordHash = await hashPassword(newPassword);
  return withNotifications(db, async (tx, queueEmail) => {
    const consumed = await consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "reset_password", token });
    const now = new Date();
    const user = await tx.user.update({
      where: { id: consumed.userId },
      // Following the link proves the address, so it counts as verified.
      data: { passwordHash, passwordChangedAt: now, emailVerifiedAt: now },
      select: { id: true, email: true },
    });
    const signedOut = await revokeOtherSessions({ db: tx, tenantId: tenant.id, userId: user.id, keepSessionId: null, reason: "password_reset" });
    // Any other outstanding reset link dies with this one.
    await tx.emailToken.updateMany({ where: { tenantId: tenant.id, userId: user.id, purpose: "reset_password", usedAt: null }, data: { usedAt: now } });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: user.id,
      actor: { type: "user", id: user.id },
      type: "account.password_reset",
      context,
      data: { signedOutSessions: signedOut },
    });
    const message = passwordChangedMessage(
      { tenantName: tenant.name },
      { reason: "reset", when: now, device: deviceLabel(context.userAgent), ip: context.ip, resetUrl: tenantPageUrl(tenant, "/forgot-password") },
    );
    await queueEmail({ tenantId: tenant.id, userId: user.id, to: user.email, ...message });
    return { email: user.email };
  });
}
