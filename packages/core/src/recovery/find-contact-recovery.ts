import type { DbOrTx } from "../db/client";
import { systemClock, type Clock } from "../clock";
import { hashToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import type { ContactRecoveryStatus } from "../generated/prisma/client";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type FindContactRecoveryOptions = { db: DbOrTx; tenant: Tenant; token: string; clock?: Clock };

export type ContactRecoveryView = {
  status: ContactRecoveryStatus;
  threshold: number;
  codesAccepted: number;
  startedAt: Date;
  /** Without the password, the recovery can finish from then on. */
  waitingUntil: Date;
  expiresAt: Date;
  canFinishWithoutPassword: boolean;
};

/**
 * Where the locked-out person's attempt stands, for their recovery page. A decoy (no account, not
 * enough contacts) reads exactly like a real attempt nobody has sent a code for yet (S5).
 */
export async function findContactRecovery(options: FindContactRecoveryOptions): Promise<ContactRecoveryView> {
  const { db, tenant, token, clock = systemClock } = options;
  const now = clock.now();
  const attempt = await getAttemptByToken(db, tenant, token);
  const codesAccepted = attempt.userId ? await db.relayCode.count({ where: { recoveryId: attempt.id, usedAt: { not: null }, contact: { status: "accepted" } } }) : 0;
  const status = attempt.status === "open" && attempt.expiresAt <= now ? "expired" : attempt.status;
  // An owner may ask for more codes than the tenant's threshold; a decoy always shows the
  // tenant's. The owner's own number shows only once that many codes were accepted, which a
  // decoy never reaches, so the page cannot tell a stranger whether the account exists (S5).
  const tenantThreshold = Math.min(attempt.threshold, tenant.policy.contacts.threshold);
  const threshold = codesAccepted >= tenantThreshold ? attempt.threshold : tenantThreshold;
  return {
    status,
    threshold,
    codesAccepted,
    startedAt: attempt.createdAt,
    waitingUntil: attempt.waitingUntil,
    expiresAt: attempt.expiresAt,
    canFinishWithoutPassword: status === "open" && codesAccepted >= attempt.threshold && attempt.waitingUntil <= now,
  };
}

export async function getAttemptByToken(db: DbOrTx, tenant: Tenant, token: string) {
  const attempt = token.length <= 200 ? await db.contactRecovery.findUnique({ where: { tokenHash: hashToken(token) } }) : null;
  if (!attempt || attempt.tenantId !== tenant.id) {
    throw new AppError("TOKEN_INVALID", "This recovery is not known here. Start again from the sign-in page.");
  }
  return attempt;
}

/** Why an attempt can go no further, in the words its page shows. */
export function endedRecoveryError(status: ContactRecoveryStatus): AppError {
  const messages: Record<Exclude<ContactRecoveryStatus, "open">, string> = {
    completed: "This recovery is already complete. Sign in with your new details.",
    cancelled: "This recovery was cancelled from the link we sent to the account’s email or phone.",
    refused: "This recovery was stopped because one of the trusted contacts said they had not been asked for help.",
    expired: "This recovery has expired. You can start a new one.",
  };
  return new AppError("CONFLICT", messages[status === "open" ? "expired" : status], { details: [status === "open" ? "expired" : status] });
}
