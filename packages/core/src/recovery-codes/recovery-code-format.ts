import { randomBytes } from "node:crypto";
import type { RecoveryCodeStyle } from "../generated/prisma/client";

// Recovery codes are Crockford base32 (S19, S20): 32 symbols, no I, L, O or U, so what a person
// reads off paper has one obvious spelling, and the confusable letters can be read as the digits
// they look like. Codes never become bytes again: the normalised text is what gets hashed.

export type { RecoveryCodeStyle };

export const recoveryCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Characters per code: 16 x 5 = 80 random bits for a set, 28 x 5 = 140 bits for a single key. */
export const recoveryCodeLength: Record<RecoveryCodeStyle, number> = { set: 16, key: 28 };

/** Bits of entropy in one code of a style: every character is an independent, uniform draw. */
export function recoveryCodeBits(style: RecoveryCodeStyle): number {
  return recoveryCodeLength[style] * Math.log2(recoveryCodeAlphabet.length);
}

/** A fresh code, normalised (no dashes), from the operating system's CSPRNG (S1). */
export function generateRecoveryCode(style: RecoveryCodeStyle): string {
  const bytes = randomBytes(recoveryCodeLength[style]);
  let code = "";
  // 32 divides 256, so the low five bits of a uniform byte are uniform: no modulo bias.
  for (const byte of bytes) code += recoveryCodeAlphabet[byte & 31];
  return code;
}

/** As shown and printed: groups of four joined by "-" (XXXX-XXXX-XXXX-XXXX). */
export function formatRecoveryCode(code: string): string {
  return (code.match(/.{1,4}/g) ?? []).join("-");
}

// Hyphen-minus and the dashes word processors and PDF viewers put in its place when codes are
// copied from a printout or a note.
const ignoredCharacters = /[\s\-\u2010-\u2015\u2212]/gu;
const validCode = new RegExp(`^[${recoveryCodeAlphabet}]+$`);
/** Longer input is not a code, whatever it holds; refuse it before doing any work on it. */
const maxInputLength = 200;

/**
 * What a person typed, as the code it should be, or null when it cannot be one (S20): case,
 * spaces and dashes are ignored, I and L read as 1 and O as 0. Anything else outside the alphabet
 * (U included), or a length that is neither a set code's nor a key's, is refused before any
 * hashing or database work.
 */
export function normalizeRecoveryCodeInput(input: string): string | null {
  if (input.length > maxInputLength) return null;
  const compact = input
    // Full-width letters and digits (a phone keyboard in CJK mode) become their ASCII forms.
    .normalize("NFKC")
    .replace(ignoredCharacters, "")
    .toUpperCase()
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (compact.length !== recoveryCodeLength.set && compact.length !== recoveryCodeLength.key) return null;
  return validCode.test(compact) ? compact : null;
}

/** A used code as the security page shows it: every group hidden but the last ("••••-••••-••••-7K2F"). */
export function maskRecoveryCode(style: RecoveryCodeStyle, lastFour: string): string {
  const hiddenGroups = recoveryCodeLength[style] / 4 - 1;
  return [...Array.from({ length: hiddenGroups }, () => "••••"), lastFour].join("-");
}
