import type { DbOrTx } from "../db/client";
import { hashPassword } from "./hash-password";

export type UpdateLegacyPasswordHashOptions = {
  db: DbOrTx;
  tenantId: string;
  userId: string;
  /** The stored hash verifyPassword just matched against the string as typed. */
  legacyHash: string;
  /** The password as typed; it is stored in NFKC from now on. */
  password: string;
};

/**
 * Replaces a hash made before passwords were normalised with the NFKC one, once the owner has
 * proven the password. The hash is made before the write, so no row is locked during it. The
 * UPDATE only matches the old hash: of two sign-ins at once only one replaces it, and a password
 * changed meanwhile is never overwritten with the old one. Not a password change, so
 * passwordChangedAt stays. Returns whether this call replaced it.
 */
export async function updateLegacyPasswordHash(options: UpdateLegacyPasswordHashOptions): Promise<boolean> {
  const { db, tenantId, userId, legacyHash, password } = options;
  const passwordHash = await hashPassword(password);
  const updated = await db.user.updateMany({ where: { id: userId, tenantId, passwordHash: legacyHash }, data: { passwordHash } });
  return updated.count === 1;
}
