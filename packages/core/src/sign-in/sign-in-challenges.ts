import type { DbOrTx } from "../db/client";
import { hashToken, newSecretToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";

// A password-verified sign-in waiting for its second factor. Ten minutes is long enough to find a
// phone or a key, short enough that a stolen challenge cookie is soon worthless.
export const signInChallengeLifetimeMinutes = 10;

export type CreateSignInChallengeOptions = { db: DbOrTx; tenantId: string; userId: string; methods: string[] };

export async function createSignInChallenge(options: CreateSignInChallengeOptions): Promise<string> {
  const { db, tenantId, userId, methods } = options;
  const token = newSecretToken();
  await db.signInChallenge.create({
    data: {
      id: newId("signInChallenge"),
      tenantId,
      userId,
      methods,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + signInChallengeLifetimeMinutes * 60_000),
    },
  });
  return token;
}

export type GetSignInChallengeOptions = { db: DbOrTx; tenantId: string; token: string };

const expired = () => new AppError("TOKEN_INVALID", "This sign-in has expired. Please sign in again.");

/** The open challenge behind a cookie, or TOKEN_INVALID (unknown, other tenant, expired, completed). */
export async function getSignInChallenge(options: GetSignInChallengeOptions) {
  const { db, tenantId, token } = options;
  if (!token || token.length > 200) throw expired();
  const challenge = await db.signInChallenge.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, tenantId: true, userId: true, methods: true, expiresAt: true, completedAt: true, user: { select: { email: true } } },
  });
  if (!challenge || challenge.tenantId !== tenantId || challenge.completedAt || challenge.expiresAt <= new Date()) throw expired();
  return challenge;
}

export type CompleteSignInChallengeRowOptions = { db: DbOrTx; challengeId: string };

/** Marks the challenge used, once: a racing second completion gets TOKEN_INVALID. */
export async function markSignInChallengeCompleted(options: CompleteSignInChallengeRowOptions) {
  const { db, challengeId } = options;
  const { count } = await db.signInChallenge.updateMany({
    where: { id: challengeId, completedAt: null, expiresAt: { gt: new Date() } },
    data: { completedAt: new Date() },
  });
  if (count === 0) throw expired();
}
