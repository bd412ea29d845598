import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { verifySmsCode } from "../factors/sms/verify-sms-code";
import { consumeRecoveryCode } from "../recovery-codes/consume-recovery-code";
import { verifyTotpCode } from "../factors/totp/verify-totp-code";
import { verifyWebAuthnAuthentication } from "../factors/webauthn/verify-webauthn-authentication";
import { admitSignInAttempt, settleSignInAttempt } from "../rate-limit/sign-in-throttle";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { AppError } from "../errors/app-error";

export type SecondFactorProof =
  | { method: "totp"; code: string }
  | { method: "sms"; code: string }
  | { method: "webauthn"; response: unknown }
  | { method: "recovery_code"; code: string };

export type VerifiedSecondFactor = {
  method: SecondFactorProof["method"];
  /** The factor that answered (none for a recovery code). */
  factorId: string | null;
  /** A recovery code was used and none is left (or it was a key): the session owes a new set (S23). */
  recoveryCodesDue: boolean;
};

export type VerifySecondFactorOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  proof: SecondFactorProof;
  /** What the SMS code must be bound to: the sign-in challenge or the session stepping up. */
  binding: { purpose: "sign_in"; challengeId: string } | { purpose: "step_up"; sessionId: string };
  context: RequestContext;
};

/**
 * Checks one second-factor proof. Every kind shares one throttle per user (S6), admitted before
 * the check; asking for a new SMS code does not touch it.
 */
export async function verifySecondFactor(options: VerifySecondFactorOptions): Promise<VerifiedSecondFactor> {
  const { db, tenant, userId, proof, binding, context } = options;
  // Recovery codes are not a factor a tenant allows or not: every account with 2FA has them.
  const allowed = new Set<string>([...tenant.policy.factors.allowed, "recovery_code"]);
  if (!allowed.has(proof.method)) throw new AppError("FORBIDDEN", "That kind of verification is not available here.");
  const key = { tenantId: tenant.id, subject: `second-factor:${userId}` };
  await admitSignInAttempt({ db, key, limit: tenant.policy.signIn.maxFailuresPerAccount });
  try {
    const verified = await verifyProof(options);
    await settleSignInAttempt({ db, key, succeeded: true });
    // TOTP and WebAuthn record their use with the step or counter they consume; SMS here.
    if (proof.method === "sms") {
      await recordAuditEvent({ db, tenantId: tenant.id, userId, actor: { type: "user", id: userId }, type: "factor.used", context, data: { factorId: verified.factorId, method: "sms" } });
    }
    return { method: proof.method, factorId: verified.factorId, recoveryCodesDue: verified.recoveryCodesDue ?? false };
  } catch (error) {
    const isWrongProof = error instanceof AppError && error.code === "INVALID_CREDENTIALS";
    await settleSignInAttempt({ db, key, succeeded: false });
    if (isWrongProof) {
      await recordAuditEvent({ db, tenantId: tenant.id, userId, actor: { type: "anonymous" }, type: "account.second_factor_failed", context, data: { method: proof.method } });
    }
    throw error;
  }

  async function verifyProof({ proof }: VerifySecondFactorOptions): Promise<{ factorId: string | null; recoveryCodesDue?: boolean }> {
    switch (proof.method) {
      case "recovery_code": {
        // Its use, audit rows and notice commit on their own, like a TOTP step (see docs/decisions.md).
        const used = await consumeRecoveryCode({ db, tenant, userId, code: proof.code, context });
        return { factorId: null, recoveryCodesDue: used.isLast };
      }
      case "totp":
        return verifyTotpCode({ db, tenant, userId, code: proof.code, context });
      case "sms":
        return verifySmsCode({
          db,
          tenant,
          userId,
          code: proof.code,
          purpose: binding.purpose,
          challengeId: binding.purpose === "sign_in" ? binding.challengeId : undefined,
          sessionId: binding.purpose === "step_up" ? binding.sessionId : undefined,
          context,
        });
      case "webauthn":
        return verifyWebAuthnAuthentication({ db, tenant, userId, response: proof.response, context });
    }
  }
}
