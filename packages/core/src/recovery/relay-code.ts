import { randomInt } from "node:crypto";
import { keyedHashes } from "../crypto/keyed-hash";
import type { Keyring } from "../crypto/secret-box";
import { env } from "../env";
import { minutes } from "../clock";

/** A relay code is read out by phone or in person, so it is short; it lives 15 minutes at most (S24). */
export const relayCodeDigits = 8;
export const relayCodeLifetimeMs = minutes(15);

/** Eight random digits (S1), shown as "1234 5678". */
export function generateRelayCode(): string {
  return String(randomInt(0, 10 ** relayCodeDigits)).padStart(relayCodeDigits, "0");
}

export function formatRelayCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/** What a person typed, digits only; null when it cannot be a relay code. */
export function normalizeRelayCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return /^\d{8}$/.test(digits) ? digits : null;
}

/**
 * The stored forms of a relay code, one per configured key, the current key's first. Like an SMS
 * code (hash-sms-code.ts), eight digits are too few for a plain hash to protect: an HMAC under a
 * key that is not in the database does (S2). The recovery's id is in the MAC input, so a code of
 * another recovery, account or tenant never matches.
 */
export function relayCodeHashes(input: { tenantId: string; recoveryId: string; code: string }, keyring: Keyring = env().REKEY_ENCRYPTION_KEYS): string[] {
  const message = [input.tenantId, input.recoveryId, input.code].join("\n");
  return keyedHashes("rekey.relay-code.v1", message, keyring);
}
