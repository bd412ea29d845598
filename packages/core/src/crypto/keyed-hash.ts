import { createHmac, hkdfSync } from "node:crypto";
import type { Keyring } from "./secret-box";

// Short codes (SMS codes, relay codes) have too few values for a plain or salted hash to hide them
// in a database dump: an HMAC under a key that is not in the database does (S2). Each use has its
// own key, derived from the encryption key ring, so a MAC key never doubles as an AES key.

const derivedKeys = new Map<string, Buffer>();

function macKey(entry: Keyring[number], purpose: string): Buffer {
  const cacheKey = `${purpose}:${entry.id}:${entry.key.toString("base64")}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", entry.key, Buffer.alloc(0), purpose, 32));
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

/**
 * The stored forms of `message`, one per key in the ring, the current (first) key's first, each
 * prefixed with its key id, so values stored before a key rotation still verify.
 */
export function keyedHashes(purpose: string, message: string, keyring: Keyring): string[] {
  return keyring.map((entry) => `${entry.id}.${createHmac("sha256", macKey(entry, purpose)).update(message, "utf8").digest("base64url")}`);
}
