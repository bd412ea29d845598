import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { verifyAgainstDummy, verifyPassword } from "../passwords/hash-password";
import { consumeIpAttempt, refundIpAttempt } from "../rate-limit/ip-limiter";
import { admitSignInAttempt, settleSignInAttempt } from "../rate-limit/sign-in-throttle";
import { createSession } from "../sessions/create-session";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { normalizeEmail } from "./normalize-email";
import { resendVerification } from "./resend-verification";

export type SignInWithPasswordOptions = {
  db: Db;
  tenant: Tenant;
  email: string;
  password: string;
  context: RequestContext;
};

export type SignInResult = { userId: string; sessionId: string; sessionToken: string; expiresAt: Date };

const invalidCredentials = () => new AppError("INVALID_CREDENTIALS", "That email and password do not match. Check them and try again.");

/**
 * Password sign-in. Attempts are admitted by the per-IP and per-account limits before the
 * password is looked at (S6), and a missing account costs the same hash as a wrong password (S5).
 */
export async function signInWithPassword(options: SignInWithPasswordOptions): Promise<SignInResult> {
  const { db, tenant, password, context } = options;
  const email = normalizeEmail(options.email);
  const ipLimit = { tenantId: tenant.id, ip: context.ip, limit: tenant.policy.signIn.maxFailuresPerIp };
  const throttleKey = { tenantId: tenant.id, subject: `password:${email}` };

  await consumeIpAttempt(ipLimit);
  await admitSignInAttempt({ db, key: throttleKey, limit: tenant.policy.signIn.maxFailuresPerAccount });

  const user = await db.user.findUnique({
    where: { tenantId_email: { tenantId: tenant.id, email } },
    select: { id: true, passwordHash: true, emailVerifiedAt: true },
  });
  const isCorrect = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);

  if (!user || !isCorrect) {
    await settleSignInAttempt({ db, key: throttleKey, succeeded: false });
    if (user) {
      await recordAuditEvent({ db, tenantId: tenant.id, userId: user.id, actor: { type: "anonymous" }, type: "account.sign_in_failed", context });
    }
    throw invalidCredentials();
  }
  await refundIpAttempt(ipLimit);

  if (!user.emailVerifiedAt) {
    // Only someone who knows the password learns this, so it reveals nothing to a guesser.
    await settleSignInAttempt({ db, key: throttleKey, succeeded: true });
    await resendVerification({ db, tenant, email });
    throw new AppError("EMAIL_NOT_VERIFIED", "Please confirm your email first. We have sent you a new link.");
  }

  return db.$transaction(async (tx) => {
    await settleSignInAttempt({ db: tx, key: throttleKey, succeeded: true });
    const session = await createSession({ db: tx, tenantId: tenant.id, userId: user.id, policy: tenant.policy, context });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: user.id,
      actor: { type: "user", id: user.id },
      type: "account.signed_in",
      context,
      data: { sessionId: session.sessionId, method: "password" },
    });
    return { userId: user.id, sessionId: session.sessionId, sessionToken: session.token, expiresAt: session.expiresAt };
  });
}
