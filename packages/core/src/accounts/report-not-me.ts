import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { newSecretToken } from "../crypto/tokens";
import { withNotifications } from "../notifications/with-notifications";
import { resetPasswordMessage } from "../notifications/email-templates";
import { tokenLinkUrl } from "../notifications/links";
import { hashPassword } from "../passwords/hash-password";
import { revokeOtherSessions } from "../sessions/revoke-other-sessions";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { consumeEmailToken, issueEmailToken } from "./email-tokens";

export type ReportNotMeOptions = { db: Db; tenant: Tenant; token: string; context: RequestContext };

/**
 * The "this wasn't me" link (S27): signs out every session, forgets every remembered browser,
 * makes the current password useless (whoever knows it is locked out), stops a change of email
 * address still waiting for its confirmation, and mails a reset link.
 * Second factors stay: they are what keeps the account the owner's.
 */
export async function reportNotMe(options: ReportNotMeOptions): Promise<{ email: string }> {
  const { db, tenant, token, context } = options;
  // A hash of a random secret nobody knows: no password matches until the owner resets it.
  const unusableHash = await hashPassword(newSecretToken());
  return withNotifications(db, async (tx, queueEmail) => {
    const consumed = await consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "not_me", token });
    const now = new Date();
    const user = await tx.user.update({
      where: { id: consumed.userId },
      data: { passwordHash: unusableHash, passwordChangedAt: now },
      select: { id: true, email: true },
    });
    const signedOut = await revokeOtherSessions({ db: tx, tenantId: tenant.id, userId: user.id, keepSessionId: null, reason: "reported_not_me" });
    await tx.device.updateMany({ where: { tenantId: tenant.id, userId: user.id, trustedUntil: { not: null } }, data: { trustedUntil: null } });
    await tx.emailToken.updateMany({ where: { tenantId: tenant.id, userId: user.id, purpose: "change_email", usedAt: null }, data: { usedAt: now } });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: user.id,
      actor: { type: "user", id: user.id },
      type: "account.reported_not_me",
      context,
      data: { signedOutSessions: signedOut },
    });
    const resetToken = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: user.id, purpose: "reset_password" });
    const message = resetPasswordMessage({ tenantName: tenant.name }, { url: tokenLinkUrl(tenant, "/reset-password", resetToken) });
    await queueEmail({ tenantId: tenant.id, userId: user.id, to: user.email, ...message });
    return { email: user.email };
  });
}
