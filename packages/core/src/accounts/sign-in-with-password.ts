import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { hashToken } from "../crypto/tokens";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { withNotifications } from "../notifications/with-notifications";
import { verifyAgainstDummy, verifyPassword } from "../passwords/hash-password";
import { consumeIpAttempt, refundIpAttempt } from "../rate-limit/ip-limiter";
import { admitSignInAttempt, settleSignInAttempt } from "../rate-limit/sign-in-throttle";
import { establishSession, type EstablishedSession } from "../sign-in/establish-session";
import { findSecondFactorMethods, hasAnySecondFactor, type SecondFactorMethods } from "../sign-in/second-factor-methods";
import { createSignInChallenge } from "../sign-in/sign-in-challenges";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { normalizeEmail } from "./normalize-email";
import { resendVerification } from "./resend-verification";

export type SignInWithPasswordOptions = {
  db: Db;
  tenant: Tenant;
  email: string;
  password: string;
  /** The browser's device cookie, if it has one (known and remembered browsers). */
  deviceToken?: string | null;
  context: RequestContext;
};

export type SignInOutcome =
  | ({ status: "signed-in" } & EstablishedSession)
  | { status: "second-factor-required"; challengeToken: string; methods: SecondFactorMethods };

/** Kept for callers that only handle accounts without a second factor. */
export type SignInResult = EstablishedSession;

const invalidCredentials = () => new AppError("INVALID_CREDENTIALS", "That email and password do not match. Check them and try again.");

/**
 * Password sign-in. Attempts are admitted by the per-IP and per-account limits before the
 * password is looked at (S6), and a missing account costs the same hash as a wrong password (S5).
 * With a second factor enrolled the answer is a challenge, not a session, unless this browser was
 * remembered; a reset password never skips the second factor (S7).
 */
export async function signInWithPassword(options: SignInWithPasswordOptions): Promise<SignInOutcome> {
  const { db, tenant, password, deviceToken = null, context } = options;
  const email = normalizeEmail(options.email);
  const ipLimit = { tenantId: tenant.id, ip: context.ip, limit: tenant.policy.signIn.maxFailuresPerIp };
  const throttleKey = { tenantId: tenant.id, subject: `password:${email}` };

  await consumeIpAttempt(ipLimit);
  await admitSignInAttempt({ db, key: throttleKey, limit: tenant.policy.signIn.maxFailuresPerAccount });

  const user = await db.user.findUnique({
    where: { tenantId_email: { tenantId: tenant.id, email } },
    select: { id: true, email: true, passwordHash: true, emailVerifiedAt: true },
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

  const methods = await findSecondFactorMethods({ db, tenant, userId: user.id });
  const isRemembered = hasAnySecondFactor(methods) && (await isRememberedBrowser(db, tenant.id, user.id, deviceToken));
  if (hasAnySecondFactor(methods) && !isRemembered) {
    const challengeToken = await db.$transaction(async (tx) => {
      await settleSignInAttempt({ db: tx, key: throttleKey, succeeded: true });
      return createSignInChallenge({ db: tx, tenantId: tenant.id, userId: user.id, methods: ["password"] });
    });
    return { status: "second-factor-required", challengeToken, methods };
  }

  const established = await withNotifications(db, async (tx, queueEmail) => {
    await settleSignInAttempt({ db: tx, key: throttleKey, succeeded: true });
    return establishSession({
      tx,
      queueEmail,
      tenant,
      user,
      methods: isRemembered ? ["password", "trusted_browser"] : ["password"],
      deviceToken,
      rememberBrowser: false,
      context,
    });
  });
  return { status: "signed-in", ...established };
}

async function isRememberedBrowser(db: Db, tenantId: string, userId: string, deviceToken: string | null): Promise<boolean> {
  if (!deviceToken) return false;
  const device = await db.device.findUnique({ where: { tokenHash: hashToken(deviceToken) }, select: { tenantId: true, userId: true, trustedUntil: true, revokedAt: true } });
  return Boolean(device && device.tenantId === tenantId && device.userId === userId && !device.revokedAt && device.trustedUntil && device.trustedUntil > new Date());
}
