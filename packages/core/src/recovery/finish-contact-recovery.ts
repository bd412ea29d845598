import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { verifyCurrentPassword } from "../accounts/verify-current-password";
import { systemClock, type Clock } from "../clock";
import { AppError, isAppError } from "../errors/app-error";
import { withNotifications } from "../notifications/with-notifications";
import { assertAcceptablePassword } from "../passwords/assert-acceptable-password";
import { hashPassword } from "../passwords/hash-password";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { completeAccountRecovery, type CompletedAccountRecovery } from "./complete-account-recovery";
import { endedRecoveryError, findContactRecovery, getAttemptByToken } from "./find-contact-recovery";

/**
 * The second proof (S25): the account's password, or, without it, the waiting period having run
 * (every channel was told at the start and could cancel) and a new password.
 */
export type ContactRecoveryProof = { kind: "password"; password: string } | { kind: "waiting-period"; newPassword: string };

export type FinishContactRecoveryOptions = {
  db: Db;
  tenant: Tenant;
  token: string;
  proof: ContactRecoveryProof;
  deviceToken: string | null;
  context: RequestContext;
  clock?: Clock;
};

/**
 * Codes from enough contacts plus one more proof: the account is the person's again, through the
 * one completion every rung shares. The attempt is claimed by a conditional UPDATE in the same
 * transaction, so a completion racing another completion or a cancel happens once or not at all,
 * and the loser is told which way it went.
 */
export async function finishContactRecovery(options: FinishContactRecoveryOptions): Promise<CompletedAccountRecovery> {
  const { db, tenant, token, proof, deviceToken, context, clock = systemClock } = options;
  const view = await findContactRecovery({ db, tenant, token, clock });
  if (view.status !== "open") throw endedRecoveryError(view.status);
  if (view.codesAccepted < view.threshold) {
    const missing = view.threshold - view.codesAccepted;
    throw new AppError("CONFLICT", `Enter codes from ${missing} more trusted contact${missing === 1 ? "" : "s"} first.`);
  }
  const attempt = await getAttemptByToken(db, tenant, token);
  // A decoy never gets here: it never has an accepted code.
  const userId = attempt.userId;
  if (!userId) throw endedRecoveryError("expired");

  let newPasswordHash: string | undefined;
  if (proof.kind === "password") {
    // The sign-in throttle's own key (S6): this is no side door for guessing the password.
    await verifyCurrentPassword({ db, tenant, userId, password: proof.password }).catch((error: unknown) => {
      if (isAppError(error) && error.code === "INVALID_CREDENTIALS") {
        throw new AppError("INVALID_CREDENTIALS", "That is not the account’s password. If you no longer know it, wait for the waiting period to end instead.");
      }
      throw error;
    });
  } else {
    if (!view.canFinishWithoutPassword) {
      throw new AppError("CONFLICT", `Without the password, this recovery can finish from ${view.waitingUntil.toUTCString()}.`, { details: [view.waitingUntil.toISOString()] });
    }
    const user = await db.user.findFirstOrThrow({ where: { id: userId, tenantId: tenant.id }, select: { email: true, name: true } });
    assertAcceptablePassword({ password: proof.newPassword, userInputs: [user.email, user.name] });
    newPasswordHash = await hashPassword(proof.newPassword);
  }

  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const now = clock.now();
    const claimed = await tx.contactRecovery.updateMany({
      where: { id: attempt.id, status: "open", expiresAt: { gt: now } },
      data: { status: "completed", endedAt: now },
    });
    if (claimed.count === 0) {
      const current = await tx.contactRecovery.findUniqueOrThrow({ where: { id: attempt.id }, select: { status: true } });
      throw endedRecoveryError(current.status);
    }
    // Counted again under the claim: a contact who left or was removed meanwhile no longer counts.
    const codes = await tx.relayCode.count({ where: { recoveryId: attempt.id, usedAt: { not: null }, contact: { status: "accepted" } } });
    if (codes < attempt.threshold) throw new AppError("CONFLICT", "A contact whose code you entered is no longer a trusted contact. Ask another one.");
    return completeAccountRecovery({
      tx,
      queueEmail,
      queueSms,
      tenant,
      userId,
      method: "trusted_contacts",
      proofs: proof.kind === "password" ? ["password"] : [],
      newPasswordHash,
      deviceToken,
      data: { recoveryId: attempt.id },
      context,
      clock,
    });
  });
}
