import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { normalizePassword } from "./normalize-password";

// OWASP's argon2id minimum (S4): 19 MiB, 2 passes, 1 lane. The same parameters in tests as in
// production, so a test can check what is really stored.
export const argon2Parameters = {
  // Algorithm.Argon2id; the enum is a const enum, which isolated modules cannot read.
  algorithm: 2 as Algorithm,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

/** argon2id of the password's NFKC form. */
export async function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), argon2Parameters);
}

/**
 * hasLegacyHash: the stored hash was made from the string as typed, before passwords were
 * normalised; the caller replaces it (updateLegacyPasswordHash), so the second check runs once.
 */
export type PasswordCheck = { isCorrect: false } | { isCorrect: true; hasLegacyHash: boolean };

/**
 * Checks the password's NFKC form, then, only when the input is not already in NFKC, the string as
 * typed: hashes stored before passwords were normalised were made from it, and their owners must
 * not be locked out. A password already in NFKC (every ASCII one) costs one verification, as
 * before; one that is not costs two whether or not the account exists (verifyAgainstDummy).
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<PasswordCheck> {
  const normalized = normalizePassword(password);
  if (await matches(passwordHash, normalized)) return { isCorrect: true, hasLegacyHash: false };
  if (normalized !== password && (await matches(passwordHash, password))) return { isCorrect: true, hasLegacyHash: true };
  return { isCorrect: false };
}

async function matches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is treated as a mismatch, never as a pass.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends one check's worth of time when there is no account to check against, so the answer to
 * "wrong password" and "no such account" takes as long (S5). It goes through verifyPassword, so
 * an input that is not in NFKC costs the same two verifications here as against a real account.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("rekey-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
