import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "../env";

// AES-256-GCM with a key id in every sealed value, so keys can rotate: the first configured key
// seals, any configured key opens, and `needsReseal` tells callers to re-seal under the current key.
// Format: v1.<keyId>.<iv>.<ciphertext>.<tag>, each part base64url.

export type Keyring = { id: string; key: Buffer }[];

function configuredKeyring(): Keyring {
  return env().REKEY_ENCRYPTION_KEYS;
}

export function seal(plaintext: string, keyring: Keyring = configuredKeyring()): string {
  const current = keyring[0];
  if (!current) throw new Error("No encryption key configured");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", current.id, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function open(sealed: string, keyring: Keyring = configuredKeyring()): string {
  const [version, keyId, iv, ciphertext, tag] = sealed.split(".");
  if (version !== "v1" || !keyId || !iv || ciphertext === undefined || !tag) throw new Error("Malformed sealed value");
  const entry = keyring.find((candidate) => candidate.id === keyId);
  if (!entry) throw new Error(`Sealed with unknown key id "${keyId}"`);
  // The full 16-byte tag only: without authTagLength, Node accepts a tag cut to 4 bytes, and a
  // truncated tag is a prefix of the real one, so forging a value would cost 2^32 tries, not 2^128.
  const decipher = createDecipheriv("aes-256-gcm", entry.key, Buffer.from(iv, "base64url"), { authTagLength: 16 });
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

export function needsReseal(sealed: string, keyring: Keyring = configuredKeyring()): boolean {
  return sealed.split(".")[1] !== keyring[0]?.id;
}
