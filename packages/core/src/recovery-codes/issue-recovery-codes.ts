import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import type { RecoveryCodeStyle } from "../generated/prisma/client";
import { newId } from "../ids";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import type { TenantPolicy } from "../tenants/tenant-policy";
import { hashRecoveryCode, newRecoveryCodeSalt } from "./hash-recovery-code";
import { formatRecoveryCode, generateRecoveryCode } from "./recovery-code-format";

export type IssueRecoveryCodesOptions = {
  /** The caller's transaction: the new set and the end of the one it replaces commit together with the caller's change, or not at all. */
  tx: Tx;
  tenant: Tenant;
  userId: string;
  /**
   * true: the set works at once and replaces the working set and any pending one (regenerate,
   * support recovery). false: the set waits, pending, until the owner types one code back
   * (confirmRecoveryCodes, S21); it replaces only an earlier pending set.
   */
  confirmed: boolean;
  /** Codes made and hashed before the transaction began (regenerateRecoveryCodes does this). */
  prepared?: PreparedRecoveryCodes;
};

export type IssuedRecoveryCodes = {
  setId: string;
  style: RecoveryCodeStyle;
  /** Formatted (XXXX-XXXX-...): the only time they exist in plaintext (S21). */
  codes: string[];
};

export type PreparedRecoveryCodes = { style: RecoveryCodeStyle; salt: string; codes: string[]; hashes: string[] };

/**
 * Makes and hashes the codes of a new set under the tenant's policy. No database work: callers
 * that own their transaction do this first, so the argon2 work (a hash per code, run in parallel
 * on libuv's threads) happens before any row is locked.
 */
export async function prepareRecoveryCodes(policy: TenantPolicy["recoveryCodes"]): Promise<PreparedRecoveryCodes> {
  const style = policy.style;
  const count = style === "key" ? 1 : policy.count;
  const codes = new Set<string>();
  // Two equal codes in 80 bits are a freak event, but (setId, codeHash) is unique: draw again.
  while (codes.size < count) codes.add(generateRecoveryCode(style));
  const salt = newRecoveryCodeSalt();
  const hashes = await Promise.all([...codes].map((code) => hashRecoveryCode(code, salt)));
  return { style, salt, codes: [...codes], hashes };
}

/**
 * Creates a recovery code set of the tenant's style and count for a user and returns its codes,
 * the only time they exist in plaintext. Replaces (marks replacedAt) the sets it supersedes in the
 * same transaction, so old codes stop working exactly when the caller's transaction commits (S23).
 */
export async function issueRecoveryCodes(options: IssueRecoveryCodesOptions): Promise<IssuedRecoveryCodes> {
  const { tx, tenant, userId, confirmed } = options;
  const prepared = options.prepared ?? (await prepareRecoveryCodes(tenant.policy.recoveryCodes));

  // Locks the user, so two issuances at once (two tabs, a double submit) run one after the other
  // and the second replaces the first, instead of tripping the one-pending-set index. NO KEY: rows
  // that only reference the user (sessions, tokens) are not held up.
  const [user] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenant.id} FOR NO KEY UPDATE`;
  // Another tenant's user answers like a missing one (S28).
  if (!user) throw new AppError("NOT_FOUND", "No such account.");

  const now = new Date();
  await tx.recoveryCodeSet.updateMany({
    where: confirmed ? { tenantId: tenant.id, userId, replacedAt: null } : { tenantId: tenant.id, userId, replacedAt: null, confirmedAt: null },
    data: { replacedAt: now },
  });
  const setId = newId("recoveryCodeSet");
  await tx.recoveryCodeSet.create({
    data: { id: setId, tenantId: tenant.id, userId, style: prepared.style, salt: prepared.salt, confirmedAt: confirmed ? now : null },
    select: { id: true },
  });
  await tx.recoveryCode.createMany({
    data: prepared.hashes.map((codeHash, index) => ({ id: newId("recoveryCode"), setId, position: index + 1, codeHash })),
  });
  return { setId, style: prepared.style, codes: prepared.codes.map(formatRecoveryCode) };
}
