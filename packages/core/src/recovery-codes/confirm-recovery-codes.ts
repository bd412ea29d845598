import type { DbOrTx, Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { hashRecoveryCode } from "./hash-recovery-code";
import { normalizeRecoveryCodeInput } from "./recovery-code-format";

export type ConfirmRecoveryCodesOptions = {
  /** The caller's transaction: the caller activates the factor waiting on these codes in it too. */
  tx: Tx;
  tenant: Tenant;
  userId: string;
  /** The pending set issueRecoveryCodes returned. */
  setId: string;
  /** One of its codes, as the owner typed it back. */
  code: string;
  /** The same code hashed before the caller's transaction took any lock (prepareRecoveryCodeConfirmation); null when there was no pending set or no code to hash. */
  prepared?: PreparedRecoveryCodeConfirmation | null;
};

/** A typed-back code hashed under its pending set's salt. */
export type PreparedRecoveryCodeConfirmation = { setId: string; salt: string; codeHash: string };

export type PrepareRecoveryCodeConfirmationOptions = Omit<ConfirmRecoveryCodesOptions, "tx" | "prepared"> & { db: DbOrTx };

const wrongCode = () =>
  new AppError("INVALID_CREDENTIALS", "That isn't one of your new recovery codes. Type any one of the codes you just saved, as it appears in your file or printout.");

const noPendingSet = () => new AppError("NOT_FOUND", "These recovery codes were replaced or already confirmed. Start again to get new codes.");

/**
 * The owner proves they saved a pending set by typing one of its codes back (S21); the set then
 * becomes the working one, replacing the old working set in the same transaction. The code is
 * checked, not used: it still signs in once later. Returns the confirmed set's id.
 *
 * No throttle: the person confirming has just been shown every code, so there is nothing to guess.
 */
export async function confirmRecoveryCodes(options: ConfirmRecoveryCodesOptions): Promise<string> {
  const { tx, tenant, userId, setId, prepared } = options;
  const code = normalizeRecoveryCodeInput(options.code);
  const set = await findPendingSet(tx, { tenant, userId, setId });
  if (!set) throw noPendingSet();
  if (!code) throw wrongCode();
  // A set found now but not when the code was prepared (a pending set never comes back) was issued
  // after the code was typed, so it cannot be the set the owner typed it from.
  if (prepared !== undefined && (prepared?.setId !== set.id || prepared.salt !== set.salt)) throw noPendingSet();
  const codeHash = prepared ? prepared.codeHash : await hashRecoveryCode(code, set.salt);

  // The same lock as issueRecoveryCodes: a set issued meanwhile has either replaced this one
  // already (and the promotion below finds nothing) or waits until this transaction ends.
  await tx.$queryRaw`SELECT id FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenant.id} FOR NO KEY UPDATE`;
  const match = await tx.recoveryCode.findFirst({ where: { setId: set.id, codeHash, usedAt: null }, select: { id: true } });
  if (!match) throw wrongCode();

  const now = new Date();
  await tx.recoveryCodeSet.updateMany({
    where: { tenantId: tenant.id, userId, confirmedAt: { not: null }, replacedAt: null },
    data: { replacedAt: now },
  });
  const promoted = await tx.recoveryCodeSet.updateMany({
    where: { id: set.id, tenantId: tenant.id, userId, confirmedAt: null, replacedAt: null },
    data: { confirmedAt: now },
  });
  if (promoted.count !== 1) throw noPendingSet();
  return set.id;
}

/**
 * Hashes the typed-back code under its pending set's salt with no lock held, for a caller whose
 * transaction locks the user before it confirms (finishTwoStepSetup): a slow hash then never holds
 * the lock. Answers null instead of throwing, so confirmRecoveryCodes still gives its answers in
 * its order, after the caller's own checks.
 */
export async function prepareRecoveryCodeConfirmation(options: PrepareRecoveryCodeConfirmationOptions): Promise<PreparedRecoveryCodeConfirmation | null> {
  const { db, tenant, userId, setId } = options;
  const code = normalizeRecoveryCodeInput(options.code);
  const set = await findPendingSet(db, { tenant, userId, setId });
  if (!set || !code) return null;
  return { setId: set.id, salt: set.salt, codeHash: await hashRecoveryCode(code, set.salt) };
}

// Another user's or tenant's set answers like a missing one (S28).
function findPendingSet(db: DbOrTx, where: { tenant: Tenant; userId: string; setId: string }) {
  return db.recoveryCodeSet.findFirst({
    where: { id: where.setId, tenantId: where.tenant.id, userId: where.userId, confirmedAt: null, replacedAt: null },
    select: { id: true, salt: true },
  });
}
