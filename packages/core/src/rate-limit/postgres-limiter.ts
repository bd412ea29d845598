import { RateLimiterPostgres } from "rate-limiter-flexible";
import { getPool } from "../db/client";

// Every limiter here is a fixed window in PostgreSQL's `rate_limit` table (created by the
// migrations) through rate-limiter-flexible, on the pool under the Prisma client. One instance per
// key prefix, made on first use.

const limiters = new Map<string, RateLimiterPostgres>();

export type PostgresLimiterOptions = {
  /** Unique per limit: two limits sharing a prefix would share their counts. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
};

export function postgresLimiter({ keyPrefix, points, durationSeconds }: PostgresLimiterOptions): RateLimiterPostgres {
  let limiter = limiters.get(keyPrefix);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient: getPool(),
      storeType: "pool",
      tableName: "rate_limit",
      tableCreated: true,
      keyPrefix,
      points,
      duration: durationSeconds,
      clearExpiredByTimeout: false,
    });
    limiters.set(keyPrefix, limiter);
  }
  return limiter;
}
