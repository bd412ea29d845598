import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { verifySmsCode } from "../factors/sms/verify-sms-code";
import { verifyTotpCode } from "../factors/totp/verify-totp-code";
import { verifyWebAuthnAuthentication } from "../factors/webauthn/verify-webauthn-authentication";
import { admitSignInAttempt, settleSignInAttempt } from "../rate-limit/sign-in-throttle";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { AppError } from "../errors/app-error";

export type SecondFactorProof =
  | { method: "totp"; code: string }
  | { method: "sms"; code: string }
  | { method: "webauthn"; response: unknown };

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
export async function verifySecondFactor(options: VerifySecondFactorOptions): Promise<{ factorId: string; method: "totp" | "sms" | "webauthn" }> {
  const { db, tenant, userId, proof, binding, context } = options;
  const allowed = new Set(tenant.policy.factors.allowed);
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
    return { factorId: verified.factorId, method: proof.method };
  } catch (error) {
    const isWrongProof = error instanceof AppError && error.code === "INVALID_CREDENTIALS";
    await settleSignInAttempt({ db, key, succeeded: false });
    if (isWrongProof) {
      await recordAuditEvent({ db, tenantId: tenant.id, userId, actor: { type: "anonymous" }, type: "account.second_factor_failed", context, data: { method: proof.method } });
    }
    throw error;
  }

  async function verifyProof({ proof }: VerifySecondFactorOptions): Promise<{ factorId: string }> {
    switch (proof.method) {
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
