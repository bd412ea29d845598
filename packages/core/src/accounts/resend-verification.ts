import type { Db } from "../db/client";
import { withNotifications } from "../notifications/with-notifications";
import { verifyEmailMessage } from "../notifications/email-templates";
import { tokenLinkUrl } from "../notifications/links";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { issueEmailToken } from "./email-tokens";
import { normalizeEmail } from "./normalize-email";
import { tryConsumeVerificationMail } from "./try-consume-verification-mail";

export type ResendVerificationOptions = { db: Db; tenant: Tenant; email: string };

/** Sends a fresh link to an unverified account; answers the same for any address (S5). */
export async function resendVerification(options: ResendVerificationOptions): Promise<{ status: "check-your-email" }> {
  const { db, tenant } = options;
  const email = normalizeEmail(options.email);
  if (!(await tryConsumeVerificationMail({ tenantId: tenant.id, email }))) return { status: "check-your-email" };
  await withNotifications(db, async (tx, queueEmail) => {
    const user = await tx.user.findUnique({
      where: { tenantId_email: { tenantId: tenant.id, email } },
      select: { id: true, name: true, emailVerifiedAt: true },
    });
    if (!user || user.emailVerifiedAt) return;
    const token = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: user.id, purpose: "verify_email" });
    const message = verifyEmailMessage({ tenantName: tenant.name }, { name: user.name, url: tokenLinkUrl(tenant, "/verify-email", token) });
    await queueEmail({ tenantId: tenant.id, userId: user.id, to: email, ...message });
  });
  return { status: "check-your-email" };
}
