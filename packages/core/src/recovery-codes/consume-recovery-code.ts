import { getPool, type Db } from "../db/client";
import { runPrepared, type PreparedStatement } from "../db/prepared-statement";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import type { RecoveryCodeStyle } from "../generated/prisma/client";
import { queueSecurityNotice } from "../notifications/queue-security-notice";
import { withNotifications } from "../notifications/with-notifications";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { hashRecoveryCode, spendRecoveryCodeHash } from "./hash-recovery-code";
import { normalizeRecoveryCodeInput } from "./recovery-code-format";

export type ConsumeRecoveryCodeOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  code: string;
  context: RequestContext;
};

export type ConsumedRecoveryCode = {
  /** Unused codes left in the set. */
  remaining: number;
  style: RecoveryCodeStyle;
  /** No code left (a key is always its own last): the session must save a new set first (S23). */
  isLast: boolean;
};

/**
 * One answer for a wrong, used, replaced, pending or malformed code, and for an account with no
 * codes: the answer tells a guesser nothing about which it was (S22).
 */
export const invalidRecoveryCode = () =>
  new AppError("INVALID_CREDENTIALS", "That recovery code didn't work. Check it against your saved codes; each code works only once.");

// The check itself (read the working set's salt, hash, look the hash up) runs on prepared pg
// statements, so a wrong code costs one argon2 hash and little else (docs/benchmarks.md, "Recovery
// code check"). Only a code that exists and is unused opens a transaction, where the conditional
// UPDATE decides, also between racing requests.
const findWorkingSetStatement: PreparedStatement = {
  name: "rekey_recovery_code_set_find_working",
  text: `SELECT id, style::text AS style, salt FROM recovery_code_set
    WHERE "tenantId" = $1::text AND "userId" = $2::text AND "confirmedAt" IS NOT NULL AND "replacedAt" IS NULL`,
};

const findUnusedCodeStatement: PreparedStatement = {
  name: "rekey_recovery_code_find_unused",
  text: `SELECT position FROM recovery_code WHERE "setId" = $1::text AND "codeHash" = $2::text AND "usedAt" IS NULL`,
};

/**
 * Signs in with a recovery code: the input is normalised, hashed once under the working set's
 * salt, and the matching unused code of that set is marked used by one conditional UPDATE ...
 * RETURNING, so a code raced 20 times at once succeeds exactly once (S22). The use, its audit
 * rows and the owner's notice commit together.
 *
 * It does not throttle: callers admit the attempt through the shared second-factor throttle (S6).
 */
export async function consumeRecoveryCode(options: ConsumeRecoveryCodeOptions): Promise<ConsumedRecoveryCode> {
  const { db, tenant, userId, context } = options;
  const code = normalizeRecoveryCodeInput(options.code);
  if (!code) throw invalidRecoveryCode();

  const sql = getPool();
  const [set] = await runPrepared<{ id: string; style: RecoveryCodeStyle; salt: string }>(sql, findWorkingSetStatement, [tenant.id, userId]);
  if (!set) {
    await spendRecoveryCodeHash(code);
    throw invalidRecoveryCode();
  }
  const codeHash = await hashRecoveryCode(code, set.salt);
  const candidates = await runPrepared(sql, findUnusedCodeStatement, [set.id, codeHash]);
  if (candidates.length === 0) throw invalidRecoveryCode();

  return withNotifications(db, async (tx, queueEmail) => {
    // The set row is locked and re-checked in the same statement: a regeneration that committed
    // after the read above has replaced it (no row, no use), and one still running waits for this
    // use to commit. Uses of two different codes queue on the lock, so each counts what is left
    // after the other.
    const used = await tx.$queryRaw<{ position: number }[]>`
      UPDATE recovery_code
      SET "usedAt" = now() AT TIME ZONE 'UTC', "usedIp" = ${context.ip}, "usedUserAgent" = ${context.userAgent.slice(0, 512)},
        "usedHint" = ${code.slice(-4)}
      WHERE "setId" = (
          SELECT id FROM recovery_code_set
          WHERE id = ${set.id} AND "tenantId" = ${tenant.id} AND "userId" = ${userId}
            AND "confirmedAt" IS NOT NULL AND "replacedAt" IS NULL
          FOR NO KEY UPDATE)
        AND "codeHash" = ${codeHash} AND "usedAt" IS NULL
      RETURNING position`;
    const position = used[0]?.position;
    if (position === undefined) throw invalidRecoveryCode();

    const remaining = await tx.recoveryCode.count({ where: { setId: set.id, usedAt: null } });
    const isLast = set.style === "key" || remaining === 0;
    const actor = { type: "user", id: userId } as const;
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "recovery_codes.used", context, data: { setId: set.id, position, remaining } });
    if (isLast) {
      await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "recovery_codes.last_used", context, data: { setId: set.id } });
    }
    const user = await tx.user.findFirstOrThrow({ where: { id: userId, tenantId: tenant.id }, select: { email: true } });
    // Someone else using a code means they hold the password and the codes: the owner must hear
    // of it at once, with the link that takes the account back (S27).
    const what =
      set.style === "key"
        ? "Your recovery key was used to sign in; it no longer works"
        : `A recovery code was used to sign in; ${remaining === 0 ? "none" : remaining} left`;
    await queueSecurityNotice({ tx, queueEmail, tenant, user: { id: userId, email: user.email }, what, context });
    return { remaining, style: set.style, isLast };
  });
}
