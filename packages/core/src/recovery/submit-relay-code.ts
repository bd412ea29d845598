import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { hours, systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { admitSignInAttempt, settleSignInAttempt } from "../rate-limit/sign-in-throttle";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { endedRecoveryError, findContactRecovery, getAttemptByToken, type ContactRecoveryView } from "./find-contact-recovery";
import { normalizeRelayCode, relayCodeHashes } from "./relay-code";

export type SubmitRelayCodeOptions = { db: Db; tenant: Tenant; token: string; code: string; context: RequestContext; clock?: Clock };

/** Wrong codes one attempt may take before it ends; the per-account throttle (S6) slows them first. */
export const relayCodeFailuresPerAttempt = 10;

const wrongCode = () => new AppError("INVALID_CREDENTIALS", "That code is not right, or it has expired. Check it with your contact, or ask them for a new one.");

/**
 * The locked-out person types a code a contact read to them. It counts once (one conditional
 * UPDATE, so twenty submissions at once succeed once), only for this attempt, and only while its
 * contact is still an accepted contact. A code of another attempt, account or tenant, a used or
 * expired one, and a wrong one all get the same answer. Guesses are throttled per account (S6)
 * and capped per attempt.
 */
export async function submitRelayCode(options: SubmitRelayCodeOptions): Promise<ContactRecoveryView> {
  const { db, tenant, token, context, clock = systemClock } = options;
  const attempt = await getAttemptByToken(db, tenant, token);
  const now = clock.now();
  if (attempt.status !== "open" || attempt.expiresAt <= now) throw endedRecoveryError(attempt.status);
  // Per address, real or decoy alike: the back-off carries into the next attempt either way (S5).
  const key = { tenantId: tenant.id, subject: `relay-code:${attempt.email}` };
  await admitSignInAttempt({ db, key, limit: tenant.policy.signIn.maxFailuresPerAccount });

  const code = normalizeRelayCode(options.code);
  // Looked up for a decoy too (it has no relay rows), so both take the same path.
  const hashes = code ? relayCodeHashes({ tenantId: tenant.id, recoveryId: attempt.id, code }) : [];
  const candidate =
    code
      ? await db.relayCode.findFirst({
          where: {
            recoveryId: attempt.id,
            codeHash: { in: hashes },
            usedAt: null,
            refusedAt: null,
            expiresAt: { gt: now },
            contact: { status: "accepted", tenantId: tenant.id },
          },
          select: { id: true, contactId: true },
        })
      : null;
  const accepted = candidate
    ? await db.$transaction(async (tx) => {
        // Still this code and still valid: a fresh code shown meanwhile replaces it.
        const { count } = await tx.relayCode.updateMany({
          where: { id: candidate.id, codeHash: { in: hashes }, expiresAt: { gt: now }, usedAt: null, refusedAt: null },
          data: { usedAt: now },
        });
        if (count === 0) return false;
        // A day from the last code to finish; never shorter than the waiting period plus a day.
        const atLeast = new Date(now.getTime() + hours(24));
        await tx.contactRecovery.updateMany({ where: { id: attempt.id, expiresAt: { lt: atLeast } }, data: { expiresAt: atLeast } });
        await recordAuditEvent({
          db: tx,
          tenantId: tenant.id,
          userId: attempt.userId,
          actor: { type: "anonymous" },
          type: "recovery.code_accepted",
          context,
          data: { recoveryId: attempt.id, contactId: candidate.contactId },
        });
        return true;
      })
    : false;
  await settleSignInAttempt({ db, key, succeeded: accepted });
  if (!accepted) {
    await db.$transaction(async (tx) => {
      const updated = await tx.contactRecovery.updateMany({ where: { id: attempt.id, status: "open" }, data: { failedCodes: { increment: 1 } } });
      if (updated.count > 0) {
        await tx.contactRecovery.updateMany({
          where: { id: attempt.id, status: "open", failedCodes: { gte: relayCodeFailuresPerAttempt } },
          data: { status: "expired", endedAt: now },
        });
      }
      if (attempt.userId) {
        await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: attempt.userId, actor: { type: "anonymous" }, type: "recovery.code_refused", context, data: { recoveryId: attempt.id } });
      }
    });
    throw wrongCode();
  }
  return findContactRecovery({ db, tenant, token, clock });
}
