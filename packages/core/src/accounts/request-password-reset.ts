import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { withNotifications } from "../notifications/with-notifications";
import { resetPasswordMessage } from "../notifications/email-templates";
import { tokenLinkUrl } from "../notifications/links";
import { tryConsumeQuota } from "../rate-limit/quota";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { issueEmailToken } from "./email-tokens";
import { normalizeEmail } from "./normalize-email";

export type RequestPasswordResetOptions = { db: Db; tenant: Tenant; email: string; context: RequestContext };

/** Mails a reset link if the account exists; the answer is the same either way (S5). */
export async function requestPasswordReset(options: RequestPasswordResetOptions): Promise<{ status: "check-your-email" }> {
  const { db, tenant, context } = options;
  const email = normalizeEmail(options.email);
  // A few links an hour per address (quota.ts) is plenty for a person and useless for flooding an inbox.
  const withinQuota = await tryConsumeQuota({ name: "password-reset-mail", key: `${tenant.id}:${email}` });
  if (!withinQuota) return { status: "check-your-email" };
  await withNotifications(db, async (tx, queueEmail) => {
    const user = await tx.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email } }, select: { id: true, disabledAt: true } });
    // An account its tenant disabled gets no link, and the answer is the same as for none (S5).
    if (!user || user.disabledAt) return;
    const token = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: user.id, purpose: "reset_password" });
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: user.id, actor: { type: "anonymous" }, type: "account.password_reset_requested", context });
    const message = resetPasswordMessage({ tenantName: tenant.name }, { url: tokenLinkUrl(tenant, "/reset-password", token) });
    await queueEmail({ tenantId: tenant.id, userId: user.id, to: email, ...message });
  });
  return { status: "check-your-email" };
}
