import type { DbOrTx } from "../db/client";
import { maskPhoneNumber } from "../sms/mask-phone-number";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type SecondFactorMethods = {
  totp: boolean;
  webauthn: boolean;
  sms: { factorId: string; maskedPhone: string }[];
  /** A working recovery code set with a code left ("Use a recovery code"). Not a factor by itself. */
  recoveryCode: boolean;
};

export type FindSecondFactorMethodsOptions = { db: DbOrTx; tenant: Tenant; userId: string };


/** The user's active second factors that the tenant still allows, by kind. */
export async function findSecondFactorMethods(options: FindSecondFactorMethodsOptions): Promise<SecondFactorMethods> {
  const { db, tenant, userId } = options;
  const [factors, recoveryCodesLeft] = await Promise.all([
    db.factor.findMany({
      where: { tenantId: tenant.id, userId, activatedAt: { not: null } },
      select: { id: true, type: true, phoneE164: true },
      orderBy: { createdAt: "asc" },
    }),
    db.recoveryCode.count({ where: { usedAt: null, set: { tenantId: tenant.id, userId, confirmedAt: { not: null }, replacedAt: null } } }),
  ]);
  return secondFactorMethodsOf(tenant, factors, recoveryCodesLeft > 0);
}

export type ActiveFactor = { id: string; type: string; phoneE164: string | null };

/**
 * The methods offered for these factors (the user's activated ones, oldest first) under the
 * tenant's policy; recovery codes only alongside a factor (without one, two-step verification is off). For callers that read the factors themselves (the password sign-in reads them
 * with the account, in one statement).
 */
export function secondFactorMethodsOf(tenant: Tenant, factors: ActiveFactor[], hasRecoveryCodes: boolean): SecondFactorMethods {
  const allowed = new Set(tenant.policy.factors.allowed);
  return {
    recoveryCode: hasRecoveryCodes && factors.length > 0,
    totp: allowed.has("totp") && factors.some((factor) => factor.type === "totp"),
    webauthn: allowed.has("webauthn") && factors.some((factor) => factor.type === "webauthn"),
    sms: allowed.has("sms")
      ? factors.filter((factor) => factor.type === "sms" && factor.phoneE164).map((factor) => ({ factorId: factor.id, maskedPhone: maskPhoneNumber(factor.phoneE164!) }))
      : [],
  };
}

export function hasAnySecondFactor(methods: SecondFactorMethods): boolean {
  return methods.totp || methods.webauthn || methods.sms.length > 0;
}
