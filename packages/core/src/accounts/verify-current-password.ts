import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { verifyPassword } from "../passwords/hash-password";
import { updateLegacyPasswordHash } from "../passwords/update-legacy-password-hash";
import { admitSignInAttempt, settleSignInAttempt } from "../rate-limit/sign-in-throttle";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type VerifyCurrentPasswordOptions = { db: Db; tenant: Tenant; userId: string; password: string };

/**
 * Re-checks the password of a signed-in user before a sensitive change. It shares the sign-in
 * throttle, so a stolen session cannot be used to guess the password faster than sign-in allows.
 */
export async function verifyCurrentPassword(options: VerifyCurrentPasswordOptions) {
  const { db, tenant, userId, password } = options;
  const user = await db.user.findFirst({
    where: { id: userId, tenantId: tenant.id },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
  const key = { tenantId: tenant.id, subject: `password:${user.email}` };
  await admitSignInAttempt({ db, key, limit: tenant.policy.signIn.maxFailuresPerAccount });
  const check = await verifyPassword(user.passwordHash, password);
  await settleSignInAttempt({ db, key, succeeded: check.isCorrect });
  if (!check.isCorrect) throw new AppError("INVALID_CREDENTIALS", "Your current password is not correct.");
  if (check.hasLegacyHash) await updateLegacyPasswordHash({ db, tenantId: tenant.id, userId: user.id, legacyHash: user.passwordHash, password });
  return { id: user.id, email: user.email, name: user.name };
}
