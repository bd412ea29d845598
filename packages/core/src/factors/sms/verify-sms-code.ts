import type { RequestContext } from "../../audit/request-context";
import type { DbOrTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { Prisma, type OneTimeCodePurpose } from "../../generated/prisma/client";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { smsCodeHashes } from "./hash-sms-code";
import { smsCodeBinding } from "./sms-code-binding";
import { smsCodeDigits } from "./sms-code-policy";

export type VerifySmsCodeOptions = {
  /** A transaction when the code's use must commit with what it unlocks (activation, a session). */
  db: DbOrTx;
  tenant: Tenant;
  userId: string;
  code: string;
  purpose: OneTimeCodePurpose;
  challengeId?: string;
  sessionId?: string;
  /** Restricts the check to one phone; by default any of the user's phones that was sent a code for this binding. */
  factorId?: string;
  context: RequestContext;
};

const wrongCode = () => new AppError("INVALID_CREDENTIALS", "That code is not right or has expired. Check the latest text, or ask for a new code.");

/**
 * Consumes an SMS code: one conditional UPDATE ... RETURNING, so of any number of concurrent
 * submissions of one code exactly one succeeds (S16). Unknown, wrong, used, expired, another
 * sign-in's or another session's code: all the same INVALID_CREDENTIALS.
 *
 * Not throttled here: callers wrap every second-factor check in admitSignInAttempt with the subject
 * `second-factor:${userId}` and settle it with the outcome (S6).
 */
export async function verifySmsCode(options: VerifySmsCodeOptions): Promise<{ factorId: string }> {
  const { db, tenant, userId, purpose, factorId } = options;
  const binding = smsCodeBinding(purpose, options.challengeId, options.sessionId);
  // Spaces and dashes are how people copy codes; anything else cannot be a code and costs no query.
  const code = options.code.length <= 32 ? options.code.replace(/[\s-]/g, "") : "";
  if (!new RegExp(`^\\d{${smsCodeDigits}}$`).test(code)) throw wrongCode();

  const hashes = smsCodeHashes({ tenantId: tenant.id, userId, purpose, ...binding, code });
  // Timestamps are UTC wall-clock time (see email-tokens.ts), hence `now() AT TIME ZONE 'UTC'`.
  // An enrolment code only activates a phone not yet verified; sign-in and step-up codes only count
  // for a verified phone. The challenge or session must still be open when the code arrives.
  const rows = await db.$queryRaw<{ factorId: string }[]>`
    UPDATE one_time_code AS o SET "usedAt" = now() AT TIME ZONE 'UTC'
    FROM factor AS f
    WHERE o."factorId" = f.id
      AND o."tenantId" = ${tenant.id} AND o."userId" = ${userId}
      AND o.purpose = ${purpose}::"OneTimeCodePurpose"
      AND o."challengeId" IS NOT DISTINCT FROM ${binding.challengeId}::text
      AND o."sessionId" IS NOT DISTINCT FROM ${binding.sessionId}::text
      AND o."codeHash" IN (${Prisma.join(hashes)})
      AND o."usedAt" IS NULL
      AND o."expiresAt" > now() AT TIME ZONE 'UTC'
      AND (${factorId ?? null}::text IS NULL OR o."factorId" = ${factorId ?? null}::text)
      AND f.type = 'sms' AND f."tenantId" = o."tenantId" AND f."userId" = o."userId"
      AND (f."activatedAt" IS NULL) = (o.purpose = 'enrol')
      AND (o."challengeId" IS NULL OR EXISTS (
        SELECT 1 FROM sign_in_challenge AS c
        WHERE c.id = o."challengeId" AND c."userId" = o."userId"
          AND c."completedAt" IS NULL AND c."expiresAt" > now() AT TIME ZONE 'UTC'))
      AND (o."sessionId" IS NULL OR EXISTS (
        SELECT 1 FROM "session" AS s
        WHERE s.id = o."sessionId" AND s."userId" = o."userId"
          AND s."revokedAt" IS NULL AND s."expiresAt" > now() AT TIME ZONE 'UTC'))
    RETURNING o."factorId"`;
  const row = rows[0];
  if (!row) throw wrongCode();
  if (purpose !== "enrol") {
    await db.factor.updateMany({ where: { id: row.factorId, tenantId: tenant.id }, data: { lastUsedAt: new Date() } });
  }
  return { factorId: row.factorId };
}
