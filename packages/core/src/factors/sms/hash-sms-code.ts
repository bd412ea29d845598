import { keyedHashes } from "../../crypto/keyed-hash";
import type { Keyring } from "../../crypto/secret-box";
import { env } from "../../env";
import type { OneTimeCodePurpose } from "../../generated/prisma/client";
import type { SmsCodeBinding } from "./sms-code-binding";

export type SmsCodeHashInput = SmsCodeBinding & {
  tenantId: string;
  userId: string;
  purpose: OneTimeCodePurpose;
  code: string;
};

/**
 * The stored forms of an SMS code, one per configured key, the current key's first (the one to
 * store). A six-digit code has only a million values, so a plain or salted SHA-256 in a database dump
 * is reversed in milliseconds; the real protection is the 10-minute lifetime, single use and the
 * attempt limits. The HMAC under a key derived from REKEY_ENCRYPTION_KEYS (never in the database)
 * adds that a dump alone does not reveal the code (S2). The binding (tenant, user, purpose, challenge
 * or session) is in the MAC input, so equal codes hash differently and a row copied to another
 * binding does not verify. The key id prefix lets codes in flight survive a key rotation; verifying
 * compares against every key's hash in one conditional UPDATE, so the code id cannot be the salt.
 */
export function smsCodeHashes(input: SmsCodeHashInput, keyring: Keyring = env().REKEY_ENCRYPTION_KEYS): string[] {
  const message = [input.tenantId, input.userId, input.purpose, input.challengeId ?? "", input.sessionId ?? "", input.code].join("\n");
  return keyedHashes("rekey.sms-code.v1", message, keyring);
}

/** The form to store: under the current (first) key. */
export function hashSmsCodeForStorage(input: SmsCodeHashInput): string {
  const [current] = smsCodeHashes(input);
  if (!current) throw new Error("No encryption key configured");
  return current;
}
