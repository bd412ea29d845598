import { tryConsumeQuota } from "../rate-limit/quota";

export type TryConsumeVerificationMailOptions = { tenantId: string; email: string };

/**
 * Sign-up and resend mail whatever address they are given, so they share one quota per address
 * (quota.ts: five an hour, plenty for a person and useless for flooding an inbox). Consumed for every
 * request, known address or not, so the answer and its cost do not depend on the account (S5).
 */
export function tryConsumeVerificationMail(options: TryConsumeVerificationMailOptions): Promise<boolean> {
  return tryConsumeQuota({ name: "verification-mail", key: `${options.tenantId}:${options.email}` });
}
