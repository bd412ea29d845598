import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { withNotifications } from "../notifications/with-notifications";
import { assertNotFrozen } from "../recovery/assert-not-frozen";
import { accountExistsMessage, confirmNewEmailMessage, emailChangeRequestedMessage, type SecurityNoticeDetails } from "../notifications/email-templates";
import { tenantPageUrl, tokenLinkUrl } from "../notifications/links";
import { queueSecurityNotice } from "../notifications/queue-security-notice";
import { quotas, tryConsumeQuota } from "../rate-limit/quota";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { issueEmailToken } from "./email-tokens";
import { normalizeEmail } from "./normalize-email";
import { verifyCurrentPassword } from "./verify-current-password";

export type RequestEmailChangeOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  currentPassword: string;
  newEmail: string;
  context: RequestContext;
};

/**
 * Starts an email change: the new address must confirm it, and the old one is told at once, with
 * a "this wasn't me" link that also stops the change (S27).
 * A new address that already has an account gets a note instead of a link, and the caller gets
 * the usual answer, so this cannot be used to find out who has an account.
 */
export async function requestEmailChange(options: RequestEmailChangeOptions): Promise<{ status: "check-your-email"; newEmail: string }> {
  const { db, tenant, userId, currentPassword, context } = options;
  const newEmail = normalizeEmail(options.newEmail);
  const user = await verifyCurrentPassword({ db, tenant, userId, password: currentPassword });
  if (newEmail === user.email) throw new AppError("BAD_REQUEST", "That is already your email address.");
  await assertNotFrozen({ db, tenantId: tenant.id, userId, change: "change-email" });
  const withinQuota = await tryConsumeQuota({ name: "email-change-mail", key: `${tenant.id}:${user.id}` });
  if (!withinQuota) throw new AppError("RATE_LIMITED", "Too many email changes. Try again in an hour.", { retryAfterSeconds: quotas["email-change-mail"].durationSeconds });
  await withNotifications(db, async (tx, queueEmail) => {
    const brand = { tenantName: tenant.name };
    const taken = await tx.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email: newEmail } }, select: { id: true } });
    if (taken) {
      const note = accountExistsMessage(brand, { signInUrl: tenantPageUrl(tenant, "/sign-in"), resetUrl: tenantPageUrl(tenant, "/forgot-password") });
      await queueEmail({ tenantId: tenant.id, userId: taken.id, to: newEmail, ...note });
    } else {
      const token = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: user.id, purpose: "change_email", newEmail });
      const confirm = confirmNewEmailMessage(brand, { name: user.name, url: tokenLinkUrl(tenant, "/confirm-email", token) });
      await queueEmail({ tenantId: tenant.id, userId: user.id, to: newEmail, ...confirm });
    }
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: user.id,
      actor: { type: "user", id: user.id },
      type: "account.email_change_requested",
      context,
    });
    const what = (details: SecurityNoticeDetails & { notMeUrl: string }) => emailChangeRequestedMessage(brand, { ...details, newEmail });
    await queueSecurityNotice({ tx, queueEmail, tenant, user, what, context });
  });
  // The address as saved (trimmed, lower case), so the page names the one the link went to.
  return { status: "check-your-email", newEmail };
}
