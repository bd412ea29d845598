import { randomBytes } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import type { WebAuthnCeremony } from "../../generated/prisma/client";
import { newId } from "../../ids";

// WebAuthn challenges (S17, WA3 §13.5.3): 32 random bytes, kept on the server, bound to one
// tenant, one ceremony and one user (or to nobody, for passkey sign-in), good for one answer
// within the ceremony's timeout. Consumed by one conditional UPDATE, so a response submitted twice
// (or raced) is verified at most once, and a failed attempt burns its challenge.

export const webAuthnChallengeBytes = 32;
/** Also the timeout given to the browser: the ceremony and its challenge end together. */
export const webAuthnCeremonyTimeoutMs = 5 * 60_000;

export type IssueWebAuthnChallengeOptions = {
  db: DbOrTx;
  tenantId: string;
  userId: string | null;
  ceremony: WebAuthnCeremony;
};

/** Stores a fresh challenge and returns it, base64url-encoded as it travels in clientDataJSON. */
export async function issueWebAuthnChallenge(options: IssueWebAuthnChallengeOptions): Promise<string> {
  const { db, tenantId, userId, ceremony } = options;
  const challenge = randomBytes(webAuthnChallengeBytes).toString("base64url");
  await db.webAuthnChallenge.create({
    data: {
      id: newId("webAuthnChallenge"),
      tenantId,
      userId,
      ceremony,
      challenge,
      expiresAt: new Date(Date.now() + webAuthnCeremonyTimeoutMs),
    },
  });
  return challenge;
}

export type ConsumeWebAuthnChallengeOptions = {
  db: DbOrTx;
  tenantId: string;
  /** Null only for passkey sign-in, whose challenge was issued to nobody in particular. */
  userId: string | null;
  ceremony: WebAuthnCeremony;
  /** The challenge the browser signed (from clientDataJSON). */
  challenge: string;
};

/** Marks the challenge used and returns it, or throws INVALID_CREDENTIALS (unknown, used, expired, not this user's). */
export async function consumeWebAuthnChallenge(options: ConsumeWebAuthnChallengeOptions): Promise<string> {
  const { db, tenantId, userId, ceremony, challenge } = options;
  // UTC on both sides: see consumeEmailToken for why a bare now() would be wrong.
  const rows = await db.$queryRaw<{ challenge: string }[]>`
    UPDATE webauthn_challenge SET "usedAt" = now() AT TIME ZONE 'UTC'
    WHERE challenge = ${challenge} AND "tenantId" = ${tenantId} AND ceremony = ${ceremony}::"WebAuthnCeremony"
      AND "userId" IS NOT DISTINCT FROM ${userId}::text
      AND "usedAt" IS NULL AND "expiresAt" > now() AT TIME ZONE 'UTC'
    RETURNING challenge`;
  const row = rows[0];
  if (!row) throw webAuthnRefused();
  return row.challenge;
}

/**
 * The challenge a response claims to answer, read from its clientDataJSON, or null when that is
 * not readable. Only used to find the stored challenge; the library then checks the response
 * against the stored value.
 */
export function challengeFromClientData(clientDataJSON: string): string | null {
  if (clientDataJSON.length > 16_384) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    const challenge = typeof parsed === "object" && parsed !== null ? (parsed as { challenge?: unknown }).challenge : undefined;
    return typeof challenge === "string" && challenge.length > 0 && challenge.length <= 512 ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * The one answer to every failed WebAuthn check. The library's messages name the expected
 * challenge, origin and counter; none of that goes back to the caller (S3).
 */
export function webAuthnRefused(): AppError {
  return new AppError("INVALID_CREDENTIALS", "That security key or passkey could not be verified. Please try again.");
}

/**
 * Deletes challenges whose ceremony ended more than `graceMinutes` ago, used or not: passkey
 * autofill stores one per sign-in page view, and nothing else would ever remove them. Run by the
 * worker's minutely sweep. Answers how many went.
 */
export async function deleteExpiredWebAuthnChallenges(options: { db: DbOrTx; graceMinutes?: number }): Promise<number> {
  const { db, graceMinutes = 10 } = options;
  const { count } = await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - graceMinutes * 60_000) } } });
  return count;
}
