import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RekeyClient, VerifiedSession } from "./client";

export const defaultSessionCookieName = "rekey_session";

export type VerifyCacheOptions = {
  /**
   * How long an answer is reused. A session revoked in Rekey (signed out, password changed,
   * account disabled) still counts as signed in here for up to this long.
   */
  ttlMs: number;
  /** Answers kept at most (the oldest go first). 10,000 by default. */
  maxEntries?: number;
};

export type VerifyRequestOptions = {
  client: RekeyClient;
  /** Your app's cookie holding the session token. `rekey_session` by default. */
  cookieName?: string;
  /** Off by default: every request asks Rekey, so a revocation counts at once. */
  cache?: VerifyCacheOptions;
};

type CacheEntry = { answer: VerifiedSession; until: number };
type AnswerCache = Map<string, CacheEntry>;

// One cache per client and ttl, kept between requests without the app holding it.
const caches = new WeakMap<RekeyClient, Map<string, AnswerCache>>();

const inactive: VerifiedSession = { active: false };

/**
 * The session of a request to your app: its session cookie (`rekey_session`), or an
 * `Authorization: Bearer <session token>` header, checked with Rekey. A request without either is
 * `{ active: false }` without a call. Takes a node `IncomingMessage` or a fetch `Request`.
 */
export async function verifyRequest(req: IncomingMessage | Request, options: VerifyRequestOptions): Promise<VerifiedSession> {
  const token = sessionTokenOf(req, options.cookieName ?? defaultSessionCookieName);
  if (!token) return inactive;
  if (!options.cache) return options.client.sessions.verify.mutate({ token });
  return cachedVerify(options.client, options.cache, token);
}

/** The session token a request carries: `Authorization: Bearer` first, then the cookie. */
export function sessionTokenOf(req: IncomingMessage | Request, cookieName: string): string | null {
  const authorization = headerOf(req, "authorization");
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (bearer) return bearer[1]!;
  const cookieHeader = headerOf(req, "cookie");
  return cookieHeader ? cookieValue(cookieHeader, cookieName) : null;
}

function headerOf(req: IncomingMessage | Request, name: string): string | null {
  if (typeof Request !== "undefined" && req instanceof Request) return req.headers.get(name);
  const value = (req as IncomingMessage).headers[name];
  if (Array.isArray(value)) return value.join(name === "cookie" ? "; " : ", ");
  return value ?? null;
}

function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    let value = part.slice(separator + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // A malformed escape is nobody's session: the raw value goes to Rekey, which says inactive.
    }
    return value === "" ? null : value;
  }
  return null;
}

async function cachedVerify(client: RekeyClient, options: VerifyCacheOptions, token: string): Promise<VerifiedSession> {
  const cache = cacheFor(client, options);
  // Keyed by the token's hash: a heap dump of the app then holds no usable session tokens.
  const key = createHash("sha256").update(token).digest("base64url");
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.answer;
  if (hit) cache.delete(key);
  const answer = await client.sessions.verify.mutate({ token });
  // Never past the session's own expiry.
  const until = answer.active ? Math.min(now + options.ttlMs, answer.expiresAt.getTime()) : now + options.ttlMs;
  const maxEntries = options.maxEntries ?? 10_000;
  while (cache.size >= maxEntries) {
    const oldest = cache.keys().next();
    if (oldest.done) break;
    cache.delete(oldest.value);
  }
  cache.set(key, { answer, until });
  return answer;
}

function cacheFor(client: RekeyClient, options: VerifyCacheOptions): AnswerCache {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) throw new RangeError("cache.ttlMs must be a positive number of milliseconds.");
  let byTtl = caches.get(client);
  if (!byTtl) {
    byTtl = new Map();
    caches.set(client, byTtl);
  }
  const id = `${options.ttlMs}:${options.maxEntries ?? ""}`;
  let cache = byTtl.get(id);
  if (!cache) {
    cache = new Map();
    byTtl.set(id, cache);
  }
  return cache;
}
