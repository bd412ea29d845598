import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { hashToken } from "../crypto/tokens";
import { accountDisabledError } from "./assert-account-enabled";
import { AppError } from "../errors/app-error";
import { withNotifications } from "../notifications/with-notifications";
import { hashPassword } from "../passwords/hash-password";
import { assertAcceptablePassword } from "../passwords/assert-acceptable-password";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { applyNewPassword } from "./apply-new-password";
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
    select: { tenantId: true, purpose: true, usedAt: true, expiresAt: true, user: { select: { email: true, name: true, disabledAt: true } } },
  });
  // Checked early so a dead link costs no password hash; the single-use guarantee is the
  // conditional UPDATE in consumeEmailToken below, not this read.
  if (!pending || pending.tenantId !== tenant.id || pending.purpose !== "reset_password" || pending.usedAt || pending.expiresAt <= new Date()) {
    throw new AppError("TOKEN_INVALID", "This link has expired or was already used. Ask for a new one.");
  }
  // A link made before a disable is dead (the disable uses it up); one made since, through a
  // "this wasn't me" link or a request racing the disable, meets this.
  if (pending.user.disabledAt) throw accountDisabledError();
  assertAcceptablePassword({ password: newPassword, userInputs: [pending.user.email, pending.user.name] });
  const passwordHash = await hashPassword(newPassword);
  return withNotifications(db, async (tx, queueEmail) => {
    const consumed = await consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "reset_password", token });
    const applied = await applyNewPassword({ tx, queueEmail, tenant, userId: consumed.userId, passwordHash, reason: "reset", keepSessionId: null, context });
    return { email: applied.email };
  });
}
