import type { Db } from "../../db/client";
import type { RequestContext } from "../../audit/request-context";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError } from "../../errors/app-error";
import { queueSecurityNotice } from "../../notifications/queue-security-notice";
import { withNotifications } from "../../notifications/with-notifications";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { matchTotpStep, normalizeTotpInput } from "./totp-parameters";
import { openTotpSeed } from "./totp-seed";

export type VerifyTotpCodeOptions = {
  /**
   * The client, not a transaction: a refused replay must stay recorded even though the caller
   * then fails, and a caller's rollback would erase it.
   */
  db: Db;
  tenant: Tenant;
  userId: string;
  code: string;
  context: RequestContext;
};

/**
 * The throttle subject shared by every second-factor check of a user (TOTP, SMS, WebAuthn,
 * activation), so switching methods does not buy a guesser a fresh budget (S6).
 */
export function totpThrottleSubject(userId: string): string {
  return `second-factor:${userId}`;
}

/** A wrong code and a replayed one get the same answer: a replay tells its sender nothing. */
const invalidTotpCode = () =>
  new AppError("INVALID_CREDENTIALS", "That code didn't work. Enter the current code from your authenticator app; each code works only once.");

/** A replay notice at most this often per account: a double submit must not flood the inbox. */
const replayNoticeIntervalMs = 60 * 60_000;

/**
 * Checks a code against every active authenticator app of the user and consumes its time step.
 * Steps T-1..T+1 by the server's clock only (S13). The step is consumed by one conditional
 * UPDATE ... RETURNING, so a code (or an older one) is accepted at most once per app, also when
 * submissions race (S14); a refused replay is audited and the owner told.
 *
 * It does not throttle: callers wrap it in admitSignInAttempt / settleSignInAttempt with
 * `totpThrottleSubject(userId)` (S6).
 */
export async function verifyTotpCode(options: VerifyTotpCodeOptions): Promise<{ factorId: string }> {
  const { db, tenant, userId, context } = options;
  const code = normalizeTotpInput(options.code);
  if (!code) throw invalidTotpCode();

  const factors = await db.factor.findMany({
    // activatedAt: an unfinished enrolment is never accepted (S15).
    where: { tenantId: tenant.id, userId, type: "totp", activatedAt: { not: null } },
    select: { id: true, name: true, totpSealedSecret: true },
    orderBy: { createdAt: "asc" },
  });
  const now = new Date();
  for (const factor of factors) {
    if (!factor.totpSealedSecret) continue;
    const step = matchTotpStep(openTotpSeed(factor.totpSealedSecret), code, now);
    if (step === null) continue;

    const consumed = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE factor SET "totpLastStep" = ${BigInt(step)}, "lastUsedAt" = now() AT TIME ZONE 'UTC'
        WHERE id = ${factor.id} AND "tenantId" = ${tenant.id} AND "userId" = ${userId} AND "activatedAt" IS NOT NULL
          AND ("totpLastStep" IS NULL OR "totpLastStep" < ${BigInt(step)})
        RETURNING id`;
      if (rows.length === 0) return false;
      await recordAuditEvent({
        db: tx,
        tenantId: tenant.id,
        userId,
        actor: { type: "user", id: userId },
        type: "factor.used",
        context,
        data: { factorId: factor.id, factorType: "totp" },
      });
      return true;
    });
    if (consumed) return { factorId: factor.id };

    await recordReplay({ db, tenant, userId, factor, step, context });
  }
  throw invalidTotpCode();
}

type RecordReplayOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  factor: { id: string; name: string };
  step: number;
  context: RequestContext;
};

async function recordReplay(options: RecordReplayOptions) {
  const { db, tenant, userId, factor, step, context } = options;
  await withNotifications(db, async (tx, queueEmail) => {
    // The user row lock serialises racing replays, so a burst of them sends one notice, not many.
    const [user] = await tx.$queryRaw<{ email: string }[]>`SELECT email FROM "user" WHERE id = ${userId} FOR UPDATE`;
    const since = new Date(Date.now() - replayNoticeIntervalMs);
    const alreadyTold = await tx.auditEvent.findFirst({
      where: { tenantId: tenant.id, userId, type: "factor.totp_replay_refused", createdAt: { gt: since } },
      select: { id: true },
    });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId,
      actor: { type: "anonymous" },
      type: "factor.totp_replay_refused",
      context,
      data: { factorId: factor.id, step },
    });
    if (!user || alreadyTold) return;
    // A replay at sign-in means someone has the password and saw a recent code (or the owner
    // pressed twice): the owner hears of it, with a way to lock the account if it was not them.
    const what = `A reused code from your authenticator app ("${factor.name}") was refused`;
    await queueSecurityNotice({ tx, queueEmail, tenant, user: { id: userId, email: user.email }, what, context });
  });
}
