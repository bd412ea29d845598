import { RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors/app-error";
import { postgresLimiter } from "./postgres-limiter";
import { tooManyAttemptsMessage } from "./sign-in-throttle";

// Failed secret checks per IP address, across every account of a tenant (S6): a fixed 15-minute
// window in PostgreSQL through rate-limiter-flexible (docs/decisions.md). Fails closed: if the
// limiter cannot answer, the attempt is refused.

const windowSeconds = 15 * 60;

function limiterFor(points: number) {
  return postgresLimiter({ keyPrefix: `ip${points}`, points, durationSeconds: windowSeconds });
}

export type IpLimitOptions = { tenantId: string; ip: string; limit: number };

function keyOf({ tenantId, ip }: IpLimitOptions) {
  return `${tenantId}:${ip}`;
}

function hasKnownAddress({ ip }: IpLimitOptions) {
  return ip !== "" && ip !== "unknown";
}

/** Counts an attempt against the IP before the secret is checked; throws RATE_LIMITED past the limit. */
export async function consumeIpAttempt(options: IpLimitOptions): Promise<void> {
  // Without a trusted proxy the web app cannot know the client's address. Keying every such
  // request on one "unknown" bucket would let one attacker lock everybody out, so the per-IP
  // limit applies only where the address is known; the per-account throttle always applies.
  if (!hasKnownAddress(options)) return;
  try {
    await limiterFor(options.limit).consume(keyOf(options));
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new AppError("RATE_LIMITED", tooManyAttemptsMessage(retryAfterSeconds), { retryAfterSeconds });
    }
    throw new AppError("UNAVAILABLE", "Sign-in is unavailable right now. Please try again shortly.", { cause: error });
  }
}

/** Gives the attempt back after a success, so only failures count against the IP. */
export async function refundIpAttempt(options: IpLimitOptions): Promise<void> {
  if (!hasKnownAddress(options)) return;
  await limiterFor(options.limit).reward(keyOf(options), 1).catch(() => {});
}
