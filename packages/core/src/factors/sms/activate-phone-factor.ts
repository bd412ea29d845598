import type { RequestContext } from "../../audit/request-context";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { queueSecurityNotice } from "../../notifications/queue-security-notice";
import { withNotifications } from "../../notifications/with-notifications";
import { admitSignInAttempt, settleSignInAttempt } from "../../rate-limit/sign-in-throttle";
import { maskPhoneNumber } from "../../sms/mask-phone-number";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { addSessionMethod } from "../../sessions/add-session-method";
import { isFirstFactor, type FactorActivation } from "../first-factor";
import { verifySmsCode } from "./verify-sms-code";

export type ActivatePhoneFactorOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  factorId: string;
  code: string;
  /** The binding the enrolment code was sent with (see addPhoneFactor). */
  sessionId?: string;
  challengeId?: string;
  context: RequestContext;
};

const noSuchEnrolment = () => new AppError("NOT_FOUND", "This phone was already verified or removed. Add it again if you need to.");

/**
 * Verifies the enrolment code texted to a new phone and makes the phone a working second factor.
 * Guesses count against the user's second-factor throttle (S6); the code's use, the activation, its
 * audit rows and the notice commit together, so a failure leaves the code unused.
 */
export async function activatePhoneFactor(options: ActivatePhoneFactorOptions): Promise<FactorActivation> {
  const { db, tenant, userId, factorId, code, sessionId, challengeId, context } = options;
  if (!tenant.policy.factors.allowed.includes("sms")) {
    throw new AppError("FORBIDDEN", "Your organisation does not allow text-message codes. Use an authenticator app or a security key.");
  }
  const key = { tenantId: tenant.id, subject: `second-factor:${userId}` };
  await admitSignInAttempt({ db, key, limit: tenant.policy.signIn.maxFailuresPerAccount });
  let succeeded = false;
  try {
    const result = await withNotifications(db, async (tx, queueEmail) => {
      // Locks the user, so two factors activated at once cannot both think they are the first.
      const [user] = await tx.$queryRaw<{ id: string; email: string }[]>`
        SELECT id, email FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenant.id} FOR UPDATE`;
      if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
      await verifySmsCode({ db: tx, tenant, userId, code, purpose: "enrol", factorId, sessionId, challengeId, context });
      const now = new Date();
      const isFirst = await isFirstFactor(tx, tenant.id, userId, factorId);
      const activated = await tx.factor.updateMany({
        where: { id: factorId, tenantId: tenant.id, userId, type: "sms", activatedAt: null, verifiedAt: null },
        // A first factor waits for its recovery codes (S21).
        data: { verifiedAt: now, activatedAt: isFirst ? null : now, lastUsedAt: now },
      });
      if (activated.count !== 1) throw noSuchEnrolment();
      if (isFirst) return { factorId, status: "awaiting-recovery-codes" as const };
      const factor = await tx.factor.findUniqueOrThrow({ where: { id: factorId }, select: { name: true, phoneE164: true } });
      const maskedPhone = maskPhoneNumber(factor.phoneE164 ?? "");
      const actor = { type: "user", id: userId } as const;
      await recordAuditEvent({
        db: tx,
        tenantId: tenant.id,
        userId,
        actor,
        type: "factor.added",
        context,
        data: { factorId, factorType: "sms", name: factor.name, phone: maskedPhone },
      });
      await queueSecurityNotice({ tx, queueEmail, tenant, user, what: `The phone number ${maskedPhone} was added for text-message codes`, context });
      // The session the code was sent to has now proven the phone too.
      if (sessionId) await addSessionMethod({ db: tx, sessionId, method: "sms" });
      return { factorId, status: "active" as const };
    });
    succeeded = true;
    return result;
  } finally {
    await settleSignInAttempt({ db, key, succeeded });
  }
}
