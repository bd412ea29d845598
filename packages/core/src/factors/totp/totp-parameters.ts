import { timingSafeEqual } from "node:crypto";
import { HOTP, Secret } from "otpauth";

// The parameters every authenticator app assumes when an otpauth:// URI leaves them out, and the
// only ones Google Authenticator honours: anything else would enrol apps that then show wrong codes.
export const totpPeriodSeconds = 30;
export const totpDigits = 6;
export const totpAlgorithm = "SHA1";
/** Steps accepted either side of the server's current one: T-1..T+1 and nothing else (S13). */
export const totpWindow = 1;
/** 160-bit seeds, the HMAC-SHA1 block-friendly size RFC 4226 recommends (S15). */
export const totpSeedBytes = 20;

/** The RFC 6238 time step (counter) of a moment: whole periods since the Unix epoch. */
export function totpStepAt(date: Date): number {
  return Math.floor(date.getTime() / 1000 / totpPeriodSeconds);
}

/** otpauth's Secret over a private copy: a Node Buffer may be a view into a larger shared pool. */
export function toOtpSecret(secretBytes: Uint8Array): Secret {
  return new Secret({ buffer: Uint8Array.from(secretBytes).buffer });
}

/** The code an authenticator app shows for `step` (HOTP of the step, RFC 6238 §4). */
export function generateTotpForStep(secretBytes: Uint8Array, step: number, digits = totpDigits): string {
  return HOTP.generate({ secret: toOtpSecret(secretBytes), algorithm: totpAlgorithm, digits, counter: step });
}

/** The code an authenticator app shows at `date`. For tests; the product never shows codes. */
export function generateTotpAt(secretBytes: Uint8Array, date: Date, digits = totpDigits): string {
  return generateTotpForStep(secretBytes, totpStepAt(date), digits);
}

/**
 * The step a submitted code belongs to, looking only at T-1..T+1 around `now` (the server's clock,
 * never one the client reports), or null. When a code matches more than one step (a one-in-a-
 * million coincidence) the latest wins, so replay protection compares against the newest step.
 * Every candidate is computed and compared in constant time, whether or not an earlier one matched.
 */
export function matchTotpStep(secretBytes: Uint8Array, code: string, now: Date): number | null {
  const current = totpStepAt(now);
  const submitted = Buffer.from(code);
  let matched: number | null = null;
  for (let step = current - totpWindow; step <= current + totpWindow; step += 1) {
    const expected = Buffer.from(generateTotpForStep(secretBytes, step));
    if (expected.length === submitted.length && timingSafeEqual(expected, submitted)) matched = step;
  }
  return matched;
}

/**
 * What a person typed, as the 6 digits it should be: spaces (apps show "123 456") and dashes are
 * dropped. Anything else is not a code at all, so it is refused before any database work.
 */
export function normalizeTotpInput(input: string): string | null {
  const compact = input.replace(/[\s-]/g, "");
  return new RegExp(`^[0-9]{${totpDigits}}$`).test(compact) ? compact : null;
}

/** The key in groups of four for typing into an app by hand: "ABCD EFGH ...". */
export function groupTotpSecret(base32: string): string {
  return (base32.match(/.{1,4}/g) ?? []).join(" ");
}
