import type { Db } from "../../db/client";
import type { RequestContext } from "../../audit/request-context";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { AppError } from "../../errors/app-error";
import { queueSecurityNotice } from "../../notifications/queue-security-notice";
import { withNotifications } from "../../notifications/with-notifications";
import { admitSignInAttempt, settleSignInAttempt } from "../../rate-limit/sign-in-throttle";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { addSessionMethod } from "../../sessions/add-session-method";
import { isFirstFactor, type FactorActivation } from "../first-factor";
import { matchTotpStep, normalizeTotpInput } from "./totp-parameters";
import { openTotpSeed } from "./totp-seed";
import { totpThrottleSubject } from "./verify-totp-code";

export type ActivateTotpFactorOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  factorId: string;
  code: string;
  /** The session activating it, which has now proven the app too (see addSessionMethod). */
  sessionId?: string;
  context: RequestContext;
};

const wrongCode = () =>
  new AppError("INVALID_CREDENTIALS", "That code didn't work. Enter the code your authenticator app shows now, and check that your phone sets its time automatically.");

const noSuchEnrolment = () => new AppError("NOT_FOUND", "This set-up was replaced or already finished. Start again to add an authenticator app.");

/**
 * Turns a pending authenticator app into a working factor once the person proves the app holds
 * the new seed with a valid code (S15). A first factor waits, verified, until its recovery codes
 * are saved (finish-two-step-setup.ts, S21). That code's step is recorded as used, so the same code
 * cannot then sign in (S14). Guesses count against the user's second-factor throttle (S6).
 */
export async function activateTotpFactor(options: ActivateTotpFactorOptions): Promise<FactorActivation> {
  const { db, tenant, userId, factorId, sessionId, context } = options;
  if (!tenant.policy.factors.allowed.includes("totp")) {
    throw new AppError("FORBIDDEN", "Authenticator apps are not available for this organisation.");
  }
  const code = normalizeTotpInput(options.code);
  if (!code) throw wrongCode();
  // Another user's or tenant's factor answers like a missing one (S28).
  const factor = await db.factor.findFirst({
    where: { id: factorId, tenantId: tenant.id, userId, type: "totp", activatedAt: null },
    select: { id: true, name: true, totpSealedSecret: true },
  });
  if (!factor?.totpSealedSecret) throw noSuchEnrolment();

  const key = { tenantId: tenant.id, subject: totpThrottleSubject(userId) };
  await admitSignInAttempt({ db, key, limit: tenant.policy.signIn.maxFailuresPerAccount });
  let succeeded = false;
  try {
    const step = matchTotpStep(openTotpSeed(factor.totpSealedSecret), code, new Date());
    if (step === null) throw wrongCode();
    const result = await withNotifications(db, async (tx, queueEmail) => {
      // Locks the user, so two factors activated at once cannot both think they are the first.
      const [user] = await tx.$queryRaw<{ email: string }[]>`
        SELECT email FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenant.id} FOR UPDATE`;
      if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
      const now = new Date();
      const isFirst = await isFirstFactor(tx, tenant.id, userId, factor.id);
      const activated = await tx.factor.updateMany({
        where: { id: factor.id, tenantId: tenant.id, userId, activatedAt: null, verifiedAt: null },
        // A first factor waits for its recovery codes (S21); the step is used up either way.
        data: { verifiedAt: now, activatedAt: isFirst ? null : now, totpLastStep: BigInt(step) },
      });
      // A concurrent activation or a newer enrolment got there first.
      if (activated.count !== 1) throw noSuchEnrolment();
      if (isFirst) return { factorId: factor.id, status: "awaiting-recovery-codes" as const };
      const actor = { type: "user", id: userId } as const;
      await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "factor.added", context, data: { factorId: factor.id, factorType: "totp", name: factor.name } });
      // With a "this wasn't me" link: an app added by someone else is a takeover in progress (S27).
      const what = `An authenticator app ("${factor.name}") was added`;
      await queueSecurityNotice({ tx, queueEmail, tenant, user: { id: userId, email: user.email }, what, context });
      if (sessionId) await addSessionMethod({ db: tx, sessionId, method: "totp" });
      return { factorId: factor.id, status: "active" as const };
    });
    succeeded = true;
    return result;
  } finally {
    await settleSignInAttempt({ db, key, succeeded });
  }
}
