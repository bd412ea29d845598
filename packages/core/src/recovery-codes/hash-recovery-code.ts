import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { argon2Parameters } from "../passwords/hash-password";

// A set code carries 80 bits, under the 112 that would let a fast hash stand alone (DESIGN.md),
// so codes get the password hash: argon2id with the same parameters (S19). The salt belongs to
// the set, not the code: checking an input costs one hash, then an indexed lookup by
// (setId, codeHash), whatever the set's size. A salt per code would cost a hash per code.

const saltBytes = 16;

/** A set's salt: 16 random bytes (S1), base64url as stored in recovery_code_set.salt. */
export function newRecoveryCodeSalt(): string {
  return randomBytes(saltBytes).toString("base64url");
}

/**
 * argon2id of a normalised code under its set's salt, as the PHC string ("$argon2id$v=19$m=...").
 * Deterministic, so it can be looked up; the string records the parameters it was made with.
 */
export async function hashRecoveryCode(normalizedCode: string, salt: string): Promise<string> {
  const saltBuffer = Buffer.from(salt, "base64url");
  // A salt of another size was not written by Rekey: refuse it rather than hash under it.
  if (saltBuffer.length !== saltBytes) throw new Error("Recovery code salt has the wrong length");
  return hash(normalizedCode, { ...argon2Parameters, salt: saltBuffer });
}

const dummySalt = Buffer.alloc(saltBytes).toString("base64url");

/**
 * Spends one check's worth of time when there is no set to check against, so "no codes" answers
 * as slowly as "wrong code" (S22).
 */
export async function spendRecoveryCodeHash(normalizedCode: string): Promise<void> {
  await hashRecoveryCode(normalizedCode, dummySalt);
}
