import { hash, verify, type Algorithm } from "@node-rs/argon2";

// OWASP's argon2id minimum (S4): 19 MiB, 2 passes, 1 lane. The same parameters in tests as in
// production, so a test can check what is really stored.
export const argon2Parameters = {
  // Algorithm.Argon2id; the enum is a const enum, which isolated modules cannot read.
  algorithm: 2 as Algorithm,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Parameters);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is treated as a mismatch, never as a pass.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends one verification's worth of time when there is no account to check against, so the
 * answer to "wrong password" and "no such account" takes as long (S5).
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("rekey-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
  return false;
}
