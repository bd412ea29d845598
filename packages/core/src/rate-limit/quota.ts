import { RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors/app-error";
import { postgresLimiter } from "./postgres-limiter";
import { smsCodesPerHour } from "../factors/sms/sms-code-policy";

// Quotas on actions that send mail or texts (reset links, verification links, SMS codes), so
// nobody can use Rekey to flood an inbox or a phone, and on passkey sign-in challenges per
// address. Fixed windows in PostgreSQL through rate-limiter-flexible; fails closed.

/** Every quota in one place: how many per window, and what the key counts (given by the caller). */
export const quotas = {
  /** Per tenant and address, whether or not an account has it (S5). Plenty for a person. */
  "password-reset-mail": { points: 5, durationSeconds: 3600 },
  /** Per tenant and address: sign-up and "send the link again" share it (S5). */
  "verification-mail": { points: 5, durationSeconds: 3600 },
  /** Per account. */
  "email-change-mail": { points: 5, durationSeconds: 3600 },
  /** Per account, over all purposes and phones, on top of the resend cooldown (sms-code-policy.ts). */
  "sms-code": { points: smsCodesPerHour, durationSeconds: 3600 },
  /**
   * Per tenant and known client address: a sign-in page with passkey autofill asks for options on
   * every view, and each answer stores a challenge. Far above any person's use; keeps a script
   * from filling the table.
   */
  "passkey-options": { points: 120, durationSeconds: 600 },
  /** Per owner: invitations and their re-sends mail someone else, so they are counted. */
  "contact-invitation-mail": { points: 10, durationSeconds: 3600 },
  /**
   * Per tenant and address, whether or not an account has it (S5): each start mails the owner
   * and every contact, so a handful a day is all a person needs.
   */
  "contact-recovery-start": { points: 3, durationSeconds: 24 * 3600 },
  /** Per client address, over all addresses: keeps a script from starting recoveries for a list of people. */
  "contact-recovery-start-ip": { points: 20, durationSeconds: 3600 },
  /** Per tenant and address, whether or not an account has it (S5): each request notifies the owner. */
  "support-ticket-open": { points: 3, durationSeconds: 24 * 3600 },
  /** Per client address, over all addresses. */
  "support-ticket-open-ip": { points: 10, durationSeconds: 3600 },
  /** Per ticket: messages the person may add to its thread. */
  "support-ticket-reply": { points: 20, durationSeconds: 24 * 3600 },
  /**
   * Per tenant: invitations from the tenant API (users.create) each mail a new address, so a leaked
   * key could make Rekey a spam relay at the key's whole budget. Enough to onboard a team an hour.
   */
  "invitation-mail": { points: 500, durationSeconds: 3600 },
  /** Per relay (one contact, one recovery): fresh codes a contact may ask for. */
  "relay-code": { points: 10, durationSeconds: 3600 },
} as const satisfies Record<string, { points: number; durationSeconds: number }>;

export type QuotaName = keyof typeof quotas;

export type ConsumeQuotaOptions = { name: QuotaName; key: string };

/** Returns false when the quota is used up; throws UNAVAILABLE if the limiter cannot answer. */
export async function tryConsumeQuota(options: ConsumeQuotaOptions): Promise<boolean> {
  const { name, key } = options;
  const { points, durationSeconds } = quotas[name];
  const limiter = postgresLimiter({ keyPrefix: name, points, durationSeconds });
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw new AppError("UNAVAILABLE", "This is unavailable right now. Please try again shortly.", { cause: error });
  }
}
