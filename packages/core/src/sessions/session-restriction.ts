import type { TenantPolicy } from "../tenants/tenant-policy";

/**
 * What a signed-in session still owes before it may do anything else:
 * - `enrol-second-factor`: the tenant requires two-step verification and this session has not
 *   used a second factor, because the account has none yet (enrolment is part of sign-up).
 * - `save-recovery-codes`: the session signed in with the last recovery code (or a recovery key)
 *   and must save a new set first (S23).
 * Such a session may only finish that step, read itself and sign out.
 */
export type SessionRestriction = "enrol-second-factor" | "save-recovery-codes" | null;

// Every method that proves something beyond the password.
const secondFactorMethods = new Set(["totp", "sms", "webauthn", "passkey", "trusted_browser", "recovery_code"]);

export function sessionRestriction(
  session: { methods: string[]; recoveryCodesDue: boolean; secondFactorDue?: boolean },
  policy: TenantPolicy,
): SessionRestriction {
  // An account recovery removed every second factor the account had: a new one comes first.
  if (session.secondFactorDue) return "enrol-second-factor";
  if (policy.factors.requireSecondFactor && !session.methods.some((method) => secondFactorMethods.has(method))) {
    return "enrol-second-factor";
  }
  if (session.recoveryCodesDue) return "save-recovery-codes";
  return null;
}
