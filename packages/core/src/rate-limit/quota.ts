import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getPool } from "../db/client";
import { AppError } from "../errors/app-error";

// Quotas on actions that send mail (reset links, verification links), so nobody can use Rekey to
// flood an inbox. Fixed windows in PostgreSQL through rate-limiter-flexible; fails closed.

export type QuotaName = "password-reset-mail" | "verification-mail" | "email-change-mail" | "sms-code" | "passkey-options";

const limiters = new Map<string, RateLimiterPostgres>();

export type ConsumeQuotaOptions = { name: QuotaName; key: string; points: number; durationSeconds: number };

/** Returns false when the quota is used up; throws UNAVAILABLE if the limiter cannot answer. */
export async function tryConsumeQuota(options: ConsumeQuotaOptions): Promise<boolean> {
  const { name, key, points, durationSeconds } = options;
  const id = `${name}:${points}:${durationSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: getPool(),
      storeType: "pool",
      tableName: "rate_limit",
      tableCreated: true,
      keyPrefix: name,
      points,
      duration: durationSeconds,
      clearExpiredByTimeout: false,
    });
    limiters.set(id, limiter);
  }
  try {
    await limiter.consume(key);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw new AppError("UNAVAILABLE", "This is unavailable right now. Please try again shortly.", { cause: error });
  }
}
