import { randomBytes } from "node:crypto";
import { Secret } from "otpauth";
import { open, seal, type Keyring } from "../../crypto/secret-box";
import { toOtpSecret, totpSeedBytes } from "./totp-parameters";

// A TOTP seed must be read back to compute codes, so it cannot be hashed: it is sealed with
// AES-256-GCM under the configured key, whose id travels in the sealed value (S2, S15). The sealed
// plaintext is the base32 form, the same text the person was shown.

/** A fresh 160-bit seed from the operating system's CSPRNG (S1, S15). */
export function newTotpSeed(): Buffer {
  return randomBytes(totpSeedBytes);
}

export function sealTotpSeed(seed: Uint8Array, keyring?: Keyring): string {
  return seal(toOtpSecret(seed).base32, keyring);
}

export function openTotpSeed(sealed: string, keyring?: Keyring): Uint8Array {
  const seed = Secret.fromBase32(open(sealed, keyring)).bytes;
  // A seed of any other size was not written by Rekey: refuse it rather than accept weak codes.
  if (seed.length !== totpSeedBytes) throw new Error("Sealed TOTP seed has the wrong length");
  return seed;
}
