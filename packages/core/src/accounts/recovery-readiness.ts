import type { FactorType, RecoveryCodeStyle } from "../generated/prisma/client";

export type ReadinessFactor = { type: FactorType; isPasskey: boolean };
export type ReadinessCodes = { style: RecoveryCodeStyle; remaining: number; warn: boolean };
export type ReadinessContacts = { usableCount: number; threshold: number };

export type RecoveryReadiness = {
  /** 1: one way back in (or none); 2: ready with a gap; 3: ready. */
  level: 1 | 2 | 3;
  label: string;
  advice: string | null;
};

/** "Passkey", "Security key", "Authenticator app", "Text message". */
export function factorKind(factor: ReadinessFactor): string {
  if (factor.type === "webauthn") return factor.isPasskey ? "Passkey" : "Security key";
  return factor.type === "totp" ? "Authenticator app" : "Text message";
}

/**
 * How many ways back in the account has if one thing is lost: each method, the recovery codes
 * while some are left, and trusted contacts once enough of them can help. The rule and words of
 * the security page's readiness panel (apps/web .../security/recovery-panels.tsx, through the api)
 * and the tenant API's `users.securityStatus`: one rule, so both say the same.
 */
export function recoveryReadiness(factors: ReadinessFactor[], codes: ReadinessCodes | null, contacts: ReadinessContacts | null = null): RecoveryReadiness {
  const codesLeft = codes?.remaining ?? 0;
  const codesOk = codesLeft > 0 && !codes?.warn;
  const contactsReady = contacts !== null && contacts.usableCount >= contacts.threshold;
  const ways = factors.length + (codesLeft > 0 ? 1 : 0) + (contactsReady ? 1 : 0);
  const onlyTextMessages = factors.length > 0 && factors.every((factor) => factor.type === "sms");
  const addOne = "Add a passkey or a second method, so losing one thing does not lock you out.";
  const newCodes = codes?.style === "key" ? "Generate a new recovery key." : "Generate new recovery codes.";

  if (ways <= 1 || (factors.length === 1 && !codesOk && !contactsReady)) {
    return { level: 1, label: "You have only one way back in", advice: [addOne, codesOk ? null : newCodes].filter(Boolean).join(" ") };
  }
  if (factors.length === 1) {
    const only = factors[0] ? factorKind(factors[0]).toLowerCase() : "method";
    const fallback = !contactsReady ? "only your recovery codes get you in" : codesOk ? "your recovery codes or your trusted contacts get you in" : "your trusted contacts can get you in";
    return { level: 2, label: "Ready, with one method", advice: `If you lose your ${only}, ${fallback}. ${addOne}` };
  }
  if (!codesOk) return { level: 2, label: "Almost ready", advice: `Your recovery codes are running out. ${newCodes}` };
  if (onlyTextMessages) {
    return { level: 2, label: "Ready, with text messages only", advice: "Text messages are the weakest method. Add a passkey or an authenticator app." };
  }
  return { level: 3, label: "Ready", advice: null };
}
