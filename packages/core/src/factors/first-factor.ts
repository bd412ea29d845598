import type { Tx } from "../db/client";

/**
 * What activating a factor did: `active` for a further factor; `awaiting-recovery-codes` for the
 * account's first, which turns two-step verification on only once the owner has saved their
 * recovery codes (S21, finish-two-step-setup.ts).
 */
export type FactorActivation = { factorId: string; status: "active" | "awaiting-recovery-codes" };

/**
 * Whether `factorId` would be the account's first working factor. Call it with the user's row
 * locked, so two factors verified at once cannot both miss each other.
 */
export async function isFirstFactor(tx: Tx, tenantId: string, userId: string, factorId?: string): Promise<boolean> {
  const active = await tx.factor.count({ where: { tenantId, userId, activatedAt: { not: null }, ...(factorId ? { id: { not: factorId } } : {}) } });
  return active === 0;
}
