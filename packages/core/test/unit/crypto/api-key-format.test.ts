import { describe, expect, it } from "vitest";
import { apiKeyLength, apiKeyPrefix, generateApiKey, parseApiKey } from "../../../src/api-keys/api-key-format";

// A key that leaks must be recognisable (secret scanners match the prefix), and a key that is
// mistyped or made up must be refused before anything is looked up (the checksum).

describe("the tenant API key format", () => {
  it("reads rky_<environment>_ then 28 base62 characters, and parses back", () => {
    for (const environment of ["live", "test"] as const) {
      const key = generateApiKey(environment);
      expect(key).toMatch(/^rky_(live|test)_[0-9A-Za-z]{28}$/);
      expect(key).toHaveLength(apiKeyLength);
      expect(parseApiKey(key)).toEqual({ environment });
    }
  });

  it("carries at least 128 random bits: no two of many keys share their random part", () => {
    const randomParts = new Set(Array.from({ length: 2000 }, () => generateApiKey("live").slice(9, 31)));
    expect(randomParts.size).toBe(2000);
    // 22 characters of a 62-letter alphabet.
    expect(22 * Math.log2(62)).toBeGreaterThanOrEqual(128);
  });

  it("refuses every single-character typo through its checksum", () => {
    const key = generateApiKey("live");
    let refused = 0;
    let tried = 0;
    for (let index = 9; index < key.length; index += 1) {
      for (const replacement of ["0", "Z", "z"]) {
        if (key[index] === replacement) continue;
        tried += 1;
        if (parseApiKey(key.slice(0, index) + replacement + key.slice(index + 1)) === null) refused += 1;
      }
    }
    expect(refused).toBe(tried);
  });

  it("refuses Stripe-like, truncated, padded and other-environment keys", () => {
    const key = generateApiKey("test");
    for (const bad of [key.replace("rky_", "rk_"), key.slice(0, -1), `${key} `, key.replace("rky_test_", "rky_prod_"), key.replace("rky_test_", "rky_live_"), ""]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it("shows only the prefix and four characters in lists", () => {
    const key = generateApiKey("live");
    expect(apiKeyPrefix(key)).toBe(key.slice(0, 13));
  });
});
