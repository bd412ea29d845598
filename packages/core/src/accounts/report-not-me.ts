import type { Db, Tx } from "../db/client";
import { isAppError } from "../errors/app-error";
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
 * Second factors stay: they are what keeps the account the owner's, except after a recovery
 * (the link of the "account recovered" notice): then the methods are the recoverer's and go.
 */
export async function reportNotMe(options: ReportNotMeOptions): Promise<{ email: string }> {
  const { db, tenant, token, context } = options;
  // A hash of a random secret nobody knows: no password matches until the owner resets it.
  const unusableHash = await hashPassword(newSecretToken());
  return withNotifications(db, async (tx, queueEmail) => {
    const consumed = await consumeNotMeToken(tx, tenant.id, token);
    const now = new Date();
    const user = await tx.user.update({
      where: { id: consumed.userId },
      data: { passwordHash: unusableHash, passwordChangedAt: now },
      select: { id: true, email: true },
    });
    const signedOut = await revokeOtherSessions({ db: tx, tenantId: tenant.id, userId: user.id, keepSessionId: null, reason: "reported_not_me" });
    await tx.device.updateMany({ where: { tenantId: tenant.id, userId: user.id, trustedUntil: { not: null } }, data: { trustedUntil: null } });
    await tx.emailToken.updateMany({ where: { tenantId: tenant.id, userId: user.id, purpose: "change_email", usedAt: null }, data: { usedAt: now } });
    // A recovery the owner did not make: whatever methods were added since go too, and the owner
    // signs in with the new password and adds their own.
    const removedFactors = consumed.purpose === "undo_recovery" ? await undoRecovery(tx, tenant.id, user.id, now) : 0;
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: user.id,
      actor: { type: "user", id: user.id },
      type: "account.reported_not_me",
      context,
      data: { signedOutSessions: signedOut, ...(consumed.purpose === "undo_recovery" ? { undoRecovery: true, removedFactors } : {}) },
    });
    const resetToken = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: user.id, purpose: "reset_password" });
    const message = resetPasswordMessage({ tenantName: tenant.name }, { url: tokenLinkUrl(tenant, "/reset-password", resetToken) });
    await queueEmail({ tenantId: tenant.id, userId: user.id, to: user.email, ...message });
    return { email: user.email };
  });
}

/** A notice's "this wasn't me" link, or the one of an "account recovered" notice. */
async function consumeNotMeToken(tx: Tx, tenantId: string, token: string) {
  try {
    return { ...(await consumeEmailToken({ db: tx, tenantId, purpose: "not_me", token })), purpose: "not_me" as const };
  } catch (error) {
    if (!(isAppError(error) && error.code === "TOKEN_INVALID")) throw error;
    return { ...(await consumeEmailToken({ db: tx, tenantId, purpose: "undo_recovery", token })), purpose: "undo_recovery" as const };
  }
}

async function undoRecovery(tx: Tx, tenantId: string, userId: string, now: Date): Promise<number> {
  const { count } = await tx.factor.deleteMany({ where: { tenantId, userId } });
  await tx.recoveryCodeSet.updateMany({ where: { tenantId, userId, replacedAt: null }, data: { replacedAt: now } });
  await tx.user.update({ where: { id: userId }, data: { recoverySetupDue: false } });
  return count;
}
