import { randomInt } from "node:crypto";
import { crc32 } from "node:zlib";

// A tenant API key reads `rky_live_` or `rky_test_`, then 22 random base62 characters (131 bits),
// then 6 base62 characters of the CRC32 of everything before them. GitHub's token format is the
// model: the prefix lets secret scanners (and people) recognise a leaked key, and the checksum lets
// the server refuse a mistyped or made-up key without a database lookup. `rk_` is Stripe's.

export const apiKeyEnvironments = ["live", "test"] as const;
export type ApiKeyEnvironment = (typeof apiKeyEnvironments)[number];

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const randomLength = 22;
const checksumLength = 6;
/** `rky_live_` plus the random part: what the developers page shows to tell keys apart. */
const shownRandomCharacters = 4;
const keyPattern = /^rky_(live|test)_([0-9A-Za-z]{28})$/;

export const apiKeyLength = "rky_live_".length + randomLength + checksumLength;

export function generateApiKey(environment: ApiKeyEnvironment): string {
  let random = "";
  for (let index = 0; index < randomLength; index += 1) random += alphabet[randomInt(alphabet.length)];
  const body = `rky_${environment}_${random}`;
  return body + checksumOf(body);
}

/** The key's environment when it is well formed and its checksum matches, null otherwise. */
export function parseApiKey(key: string): { environment: ApiKeyEnvironment } | null {
  const match = keyPattern.exec(key);
  if (!match) return null;
  const body = key.slice(0, key.length - checksumLength);
  if (checksumOf(body) !== key.slice(-checksumLength)) return null;
  return { environment: match[1] as ApiKeyEnvironment };
}

/** What lists show: `rky_live_4f9Q`, enough to tell keys apart, far too little to guess one. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, key.indexOf("_", 4) + 1 + shownRandomCharacters);
}

function checksumOf(body: string): string {
  let value = crc32(body);
  let encoded = "";
  for (let index = 0; index < checksumLength; index += 1) {
    encoded = alphabet[value % alphabet.length] + encoded;
    value = Math.floor(value / alphabet.length);
  }
  return encoded;
}
