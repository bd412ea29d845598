import { RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors/app-error";
import { postgresLimiter } from "../rate-limit/postgres-limiter";

// Each API key may make `api.requestsPerMinute` calls a minute. The count lives in PostgreSQL, so
// every web process shares it, but a process takes its calls from the database in blocks (a
// fiftieth of the budget) rather than one by one: a database write per call would cost the
// session-verification hot path more than the verification itself. Each process may hold one
// unused block when the window turns, so the budget can be overrun by at most one block per
// process. Like every other limit here it fails closed: no answer from the database, no call.

const windowSeconds = 60;
const blocksPerWindow = 50;

type Reservation = { remaining: number; windowEndsAt: number; limit: number };

const reservations = new Map<string, Reservation>();
const refills = new Map<string, Promise<void>>();

function limiterFor(limit: number) {
  return postgresLimiter({ keyPrefix: `api-key-${limit}`, points: limit, durationSeconds: windowSeconds });
}

export type SpendApiKeyBudgetOptions = { apiKeyId: string; limit: number; now?: number };

/** Takes one call from the key's budget, or throws TOO_MANY_REQUESTS (or UNAVAILABLE, closed). */
export async function spendApiKeyBudget(options: SpendApiKeyBudgetOptions): Promise<void> {
  const { apiKeyId, limit } = options;
  for (;;) {
    const now = options.now ?? Date.now();
    const reservation = reservations.get(apiKeyId);
    if (reservation && reservation.limit === limit && reservation.windowEndsAt > now && reservation.remaining > 0) {
      reservation.remaining -= 1;
      return;
    }
    // One refill at a time per key in this process; the others wait for it and try again.
    let refill = refills.get(apiKeyId);
    if (!refill) {
      refill = reserveBlock(apiKeyId, limit).finally(() => refills.delete(apiKeyId));
      refills.set(apiKeyId, refill);
    }
    await refill;
  }
}

async function reserveBlock(apiKeyId: string, limit: number): Promise<void> {
  const block = Math.max(1, Math.floor(limit / blocksPerWindow));
  const limiter = limiterFor(limit);
  try {
    const result = await limiter.consume(apiKeyId, block);
    reservations.set(apiKeyId, { remaining: block, windowEndsAt: Date.now() + result.msBeforeNext, limit });
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError("RATE_LIMITED", `This API key made more than ${limit} calls this minute. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    }
    throw new AppError("UNAVAILABLE", "This is unavailable right now. Please try again shortly.", { cause: error });
  }
}

/** Forgets this process's reservations (tests that change a tenant's budget). */
export function forgetApiKeyBudgets(): void {
  reservations.clear();
}
