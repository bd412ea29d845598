import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { withNotifications } from "../notifications/with-notifications";
import { accountExistsMessage, verifyEmailMessage } from "../notifications/email-templates";
import { tenantPageUrl, tokenLinkUrl } from "../notifications/links";
import { hashPassword } from "../passwords/hash-password";
import { assertAcceptablePassword } from "../passwords/assert-acceptable-password";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { insertAccount } from "./create-account";
import { issueEmailToken } from "./email-tokens";
import { normalizeEmail } from "./normalize-email";
import { tryConsumeVerificationMail } from "./try-consume-verification-mail";

export type SignUpOptions = {
  db: Db;
  tenant: Tenant;
  email: string;
  name: string;
  password: string;
  context: RequestContext;
};

/**
 * Answers the same whether or not the address already has an account (S5): a new address gets a
 * verification link, a taken one gets a note to its owner. Both paths hash the password, so they
 * take as long.
 */
export async function signUp(options: SignUpOptions): Promise<{ status: "check-your-email" }> {
  const { db, tenant, name, password, context } = options;
  const email = normalizeEmail(options.email);
  assertAcceptablePassword({ password, userInputs: [email, name] });
  const passwordHash = await hashPassword(password);
  const withinQuota = await tryConsumeVerificationMail({ tenantId: tenant.id, email });
  await withNotifications(db, async (tx, queueEmail) => {
    const existing = await tx.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email } }, select: { id: true } });
    if (existing) {
      if (!withinQuota) return;
      const message = accountExistsMessage(
        { tenantName: tenant.name },
        { signInUrl: tenantPageUrl(tenant, "/sign-in"), resetUrl: tenantPageUrl(tenant, "/forgot-password") },
      );
      await queueEmail({ tenantId: tenant.id, userId: existing.id, to: email, ...message });
      return;
    }
    // A new account always gets its first link: resends to an unknown address use up the quota
    // too, and must not keep its owner from signing up.
    const user = await insertAccount({ db: tx, tenantId: tenant.id, email, name, passwordHash, context });
    const token = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: user.id, purpose: "verify_email" });
    const message = verifyEmailMessage({ tenantName: tenant.name }, { name: name.trim(), url: tokenLinkUrl(tenant, "/verify-email", token) });
    await queueEmail({ tenantId: tenant.id, userId: user.id, to: email, ...message });
  });
  return { status: "check-your-email" };
}
