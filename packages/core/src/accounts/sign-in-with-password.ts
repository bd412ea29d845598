import { getPool, type Db } from "../db/client";
import { runPrepared, type PreparedStatement, type SqlClient } from "../db/prepared-statement";
import type { RequestContext } from "../audit/request-context";
import { hashToken } from "../crypto/tokens";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { withNotifications } from "../notifications/with-notifications";
import { verifyAgainstDummy, verifyPassword, type PasswordCheck } from "../passwords/hash-password";
import { updateLegacyPasswordHash } from "../passwords/update-legacy-password-hash";
import { consumeIpAttempt, refundIpAttempt } from "../rate-limit/ip-limiter";
import { admitParameters, admitSql, getRefusal, settleSignInAttempt, type SignInThrottleKey } from "../rate-limit/sign-in-throttle";
import { establishSession, type EstablishedSession } from "../sign-in/establish-session";
import { establishSessionOnKnownDevice } from "../sign-in/establish-session-on-known-device";
import { hasAnySecondFactor, secondFactorMethodsOf, type ActiveFactor, type SecondFactorMethods } from "../sign-in/second-factor-methods";
import { createSignInChallenge } from "../sign-in/sign-in-challenges";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { accountDisabledError } from "./assert-account-enabled";
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
 *
 * The common case (right password, known browser) runs on named prepared statements through the
 * pg pool, not Prisma queries: Prisma's per-query CPU dominated sign-in (docs/decisions.md, "Hot
 * path on prepared statements"). It takes two round trips: the admit with the account lookup,
 * then the settle with the device, session and audit row.
 */
export async function signInWithPassword(options: SignInWithPasswordOptions): Promise<SignInOutcome> {
  const { db, tenant, password, deviceToken = null, context } = options;
  const email = normalizeEmail(options.email);
  const ipLimit = { tenantId: tenant.id, ip: context.ip, limit: tenant.policy.signIn.maxFailuresPerIp };
  const throttleKey = { tenantId: tenant.id, subject: `password:${email}` };

  const sql = getPool();

  await consumeIpAttempt(ipLimit);
  const user = await admitAndFindAccount(sql, { key: throttleKey, limit: tenant.policy.signIn.maxFailuresPerAccount }, email);
  const check: PasswordCheck = user ? await verifyPassword(user.passwordHash, password) : { isCorrect: await verifyAgainstDummy(password) };

  if (!user || !check.isCorrect) {
    await settleSignInAttempt({ sql, key: throttleKey, succeeded: false });
    if (user) {
      await recordAuditEvent({ sql, tenantId: tenant.id, userId: user.id, actor: { type: "anonymous" }, type: "account.sign_in_failed", context });
    }
    throw invalidCredentials();
  }
  await refundIpAttempt(ipLimit);
  if (check.hasLegacyHash) {
    // Only someone who knows the password gets here, and only once: the next attempt matches the
    // NFKC hash on the first check.
    await updateLegacyPasswordHash({ db, tenantId: tenant.id, userId: user.id, legacyHash: user.passwordHash, password });
  }

  if (user.disabled) {
    // Disabled by the tenant. Only someone who knows the password learns this (a wrong password
    // got the answer above, after the same hash), so it reveals nothing to a guesser (S5).
    await settleSignInAttempt({ sql, key: throttleKey, succeeded: true });
    throw accountDisabledError();
  }

  if (!user.emailVerifiedAt) {
    // Only someone who knows the password learns this, so it reveals nothing to a guesser.
    await settleSignInAttempt({ sql, key: throttleKey, succeeded: true });
    await resendVerification({ db, tenant, email });
    throw new AppError("EMAIL_NOT_VERIFIED", "Please confirm your email first. Use the link we mailed you; a new one is on its way unless we sent several in the last hour.");
  }

  if (user.recoverySetupDue) {
    // Recovered, with every factor removed, and no new one yet: a password alone (which may be the
    // very one that leaked) must not get in. Only someone who knows the password learns this.
    await settleSignInAttempt({ sql, key: throttleKey, succeeded: true });
    throw new AppError(
      "FORBIDDEN",
      "This account was just recovered and needs a new two-step verification method first. Continue in the browser where you recovered it, or recover it again.",
    );
  }

  const methods = secondFactorMethodsOf(tenant, user.factors, user.hasRecoveryCodes);
  const isRemembered = hasAnySecondFactor(methods) && (await isRememberedBrowser(sql, tenant.id, user.id, deviceToken));
  if (hasAnySecondFactor(methods) && !isRemembered) {
    const challengeToken = await db.$transaction(async (tx) => {
      await settleSignInAttempt({ db: tx, key: throttleKey, succeeded: true });
      return createSignInChallenge({ db: tx, tenantId: tenant.id, userId: user.id, methods: ["password"] });
    });
    return { status: "second-factor-required", challengeToken, methods };
  }

  const signInMethods: ("password" | "trusted_browser")[] = isRemembered ? ["password", "trusted_browser"] : ["password"];
  if (deviceToken) {
    // A known browser: settle, device, session and audit in one statement. For an unknown
    // browser it writes nothing, the attempt included, and the Prisma path below settles it and
    // may mail a notice.
    const established = await establishSessionOnKnownDevice({ sql, throttleKey, tenant, user, methods: signInMethods, deviceToken, context });
    if (established) return { status: "signed-in", ...established };
  }

  const established = await withNotifications(db, async (tx, queueEmail) => {
    await settleSignInAttempt({ db: tx, key: throttleKey, succeeded: true });
    return establishSession({
      tx,
      queueEmail,
      tenant,
      user,
      methods: signInMethods,
      deviceToken,
      rememberBrowser: false,
      context,
    });
  });
  return { status: "signed-in", ...established };
}

type PasswordAccount = {
  id: string;
  email: string;
  passwordHash: string;
  emailVerifiedAt: Date | null;
  recoverySetupDue: boolean;
  disabled: boolean;
  factors: ActiveFactor[];
  hasRecoveryCodes: boolean;
};

// The throttle's admit (S6), then the account, its activated second factors (oldest first) and
// whether a recovery code is left, in one statement. The attempt's row always comes back, the
// account's columns null when there is none; they come back for a refused attempt too, which
// must not go on to check the password.
const admitAndFindAccountStatement: PreparedStatement = {
  name: "rekey_password_sign_in_admit_account",
  text: `WITH admitted AS (${admitSql})
    SELECT attempt."isAdmitted", u.id, u.email, u."passwordHash", u."emailVerifiedAt", u."recoverySetupDue",
      u."disabledAt" IS NOT NULL AS disabled,
      coalesce((
        SELECT json_agg(json_build_object('id', f.id, 'type', f.type, 'phoneE164', f."phoneE164") ORDER BY f."createdAt")
        FROM factor f WHERE f."tenantId" = u."tenantId" AND f."userId" = u.id AND f."activatedAt" IS NOT NULL
      ), '[]'::json) AS factors,
      EXISTS (
        SELECT 1 FROM recovery_code_set s JOIN recovery_code c ON c."setId" = s.id
        WHERE s."userId" = u.id AND s."confirmedAt" IS NOT NULL AND s."replacedAt" IS NULL AND c."usedAt" IS NULL
      ) AS "hasRecoveryCodes"
    FROM (SELECT EXISTS (SELECT 1 FROM admitted) AS "isAdmitted") attempt
    LEFT JOIN "user" u ON u."tenantId" = $6::text AND u.email = $7::text`,
};

type AdmissionRow = { isAdmitted: boolean } & (PasswordAccount | { id: null });

/** Admits the attempt and returns the account, or throws RATE_LIMITED as `admitSignInAttempt` does. */
async function admitAndFindAccount(sql: SqlClient, attempt: { key: SignInThrottleKey; limit: number }, email: string): Promise<PasswordAccount | null> {
  const [row] = await runPrepared<AdmissionRow>(sql, admitAndFindAccountStatement, [...admitParameters(attempt), attempt.key.tenantId, email]);
  if (!row?.isAdmitted) throw await getRefusal({ sql, key: attempt.key });
  return row.id === null ? null : row;
}

const findDeviceStatement: PreparedStatement = {
  name: "rekey_password_sign_in_device",
  text: `SELECT "tenantId", "userId", "trustedUntil", "revokedAt" FROM device WHERE "tokenHash" = $1::text`,
};

async function isRememberedBrowser(sql: SqlClient, tenantId: string, userId: string, deviceToken: string | null): Promise<boolean> {
  if (!deviceToken) return false;
  const [device] = await runPrepared<{ tenantId: string; userId: string; trustedUntil: Date | null; revokedAt: Date | null }>(sql, findDeviceStatement, [hashToken(deviceToken)]);
  return Boolean(device && device.tenantId === tenantId && device.userId === userId && !device.revokedAt && device.trustedUntil && device.trustedUntil > new Date());
}
