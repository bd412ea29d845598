import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** An opaque secret for a cookie or a link: 32 random bytes (256 bits, S1/S8/S9), base64url. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Tokens with 256 bits of entropy need no salt or slow hash: SHA-256 makes the stored value
 * useless to someone who reads the database, and lets us look a token up by its hash.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
