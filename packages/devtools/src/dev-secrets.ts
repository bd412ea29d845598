// Development secrets, made once per checkout and kept in .data/dev-secrets.json (git-ignored,
// mode 0600). Stable across restarts: mail sealed with the encryption key stays readable in the
// dev mail viewer, sessions survive a restart, and the seeded admin keeps its password.
import { randomBytes, randomInt } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";

export type DevSecrets = {
  /** Key ring for AES-256-GCM secrets at rest: `id:base64(32 bytes)`, first one seals. */
  REKEY_ENCRYPTION_KEYS: string;
  NEXTAUTH_SECRET: string;
  /** Password of the seeded staff admin (admin@rekey.localhost). */
  adminPassword: string;
  /** Base32 key of the seeded staff's authenticator app (the support dashboard needs one). */
  staffTotpSecret: string;
  /** A `rky_test_` tenant API key of the demo tenant (the seed stores only its hash), for the example app. */
  demoApiKey: string;
};

// No look-alike characters (0/o, 1/l/i): people type this one from the terminal.
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

/** 4 groups of 5 from 31 symbols: about 99 bits, far past the strength check. */
export function newDevPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => passwordAlphabet[randomInt(passwordAlphabet.length)]).join(""),
  );
  return groups.join("-");
}

/** 160 random bits in base32 (RFC 4648, no padding): a TOTP key as authenticator apps take it. */
export function newBase32Key(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes = randomBytes(20);
  let bits = "";
  for (const byte of bytes) bits += byte.toString(2).padStart(8, "0");
  return Array.from({ length: bits.length / 5 }, (_, i) => alphabet[Number.parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join("");
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * A test-environment tenant API key in core's format (core/src/api-keys/api-key-format.ts: 22
 * random base62 characters, then 6 of the CRC32 of what precedes them). devtools cannot import
 * core (core's tests depend on devtools), so the format is written out here; the seed checks the
 * key with core's own parser and stops if the two ever disagree.
 */
export function newDevApiKey(): string {
  let body = "rky_test_";
  for (let index = 0; index < 22; index += 1) body += base62[randomInt(base62.length)];
  let value = crc32(body);
  let checksum = "";
  for (let index = 0; index < 6; index += 1) {
    checksum = base62[value % base62.length] + checksum;
    value = Math.floor(value / base62.length);
  }
  return body + checksum;
}

function newSecrets(): DevSecrets {
  return {
    REKEY_ENCRYPTION_KEYS: `dev1:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    adminPassword: newDevPassword(),
    staffTotpSecret: newBase32Key(),
    demoApiKey: newDevApiKey(),
  };
}

/** Reads the file, adding whatever is missing (a file from an older checkout keeps its values). */
export function loadDevSecrets(file: string): DevSecrets {
  const fresh = newSecrets();
  let stored: Partial<DevSecrets> = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, "utf8")) as Partial<DevSecrets>;
    } catch (error) {
      throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it or delete it to make new secrets`);
    }
  }
  const secrets: DevSecrets = {
    REKEY_ENCRYPTION_KEYS: stored.REKEY_ENCRYPTION_KEYS || fresh.REKEY_ENCRYPTION_KEYS,
    NEXTAUTH_SECRET: stored.NEXTAUTH_SECRET || fresh.NEXTAUTH_SECRET,
    adminPassword: stored.adminPassword || fresh.adminPassword,
    staffTotpSecret: stored.staffTotpSecret || fresh.staffTotpSecret,
    demoApiKey: stored.demoApiKey || fresh.demoApiKey,
  };
  const changed = Object.keys(secrets).some((key) => stored[key as keyof DevSecrets] !== secrets[key as keyof DevSecrets]);
  mkdirSync(path.dirname(file), { recursive: true });
  if (changed) writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file; a copied-in file may be wider.
  chmodSync(file, 0o600);
  return secrets;
}
