import { describe, expect, it } from "vitest";
import {
  formatRecoveryCode,
  generateRecoveryCode,
  maskRecoveryCode,
  normalizeRecoveryCodeInput,
  recoveryCodeAlphabet,
  recoveryCodeBits,
  recoveryCodeLength,
} from "../../src/recovery-codes/recovery-code-format";

describe("the code alphabet (S19, S20)", () => {
  it("is Crockford base32: 32 distinct symbols, digits and capitals without I, L, O and U", () => {
    expect(recoveryCodeAlphabet).toHaveLength(32);
    expect(new Set(recoveryCodeAlphabet).size).toBe(32);
    expect(recoveryCodeAlphabet).toMatch(/^[0-9A-Z]+$/);
    for (const excluded of ["I", "L", "O", "U"]) expect(recoveryCodeAlphabet).not.toContain(excluded);
  });
});

describe.each([
  ["set", 16, 80],
  ["key", 28, 140],
] as const)("a %s code", (style, length, bits) => {
  it(`has ${length} characters of the alphabet and ${bits} random bits, at least N4's 64`, () => {
    expect(recoveryCodeLength[style]).toBe(length);
    expect(recoveryCodeBits(style)).toBe(bits);
    expect(recoveryCodeBits(style)).toBeGreaterThanOrEqual(64);
    for (let draw = 0; draw < 200; draw += 1) {
      expect(generateRecoveryCode(style)).toMatch(new RegExp(`^[${recoveryCodeAlphabet}]{${length}}$`));
    }
  });

  it("never repeats over many draws, and its own normal form reads back unchanged", () => {
    const draws = Array.from({ length: 20_000 }, () => generateRecoveryCode(style));
    expect(new Set(draws).size).toBe(draws.length);
    for (const code of draws.slice(0, 500)) {
      expect(normalizeRecoveryCodeInput(code)).toBe(code);
      expect(normalizeRecoveryCodeInput(formatRecoveryCode(code))).toBe(code);
    }
  });

  it("uses every symbol in every position about equally often (no modulo bias, no stuck position)", () => {
    const draws = 8_000;
    const counts = Array.from({ length }, () => new Map<string, number>());
    for (let draw = 0; draw < draws; draw += 1) {
      [...generateRecoveryCode(style)].forEach((char, position) => counts[position]!.set(char, (counts[position]!.get(char) ?? 0) + 1));
    }
    // 250 expected per symbol and position, standard deviation about 15.6: 6 sigma either side.
    for (const position of counts) {
      expect(position.size).toBe(32);
      for (const count of position.values()) {
        expect(count).toBeGreaterThan(250 - 94);
        expect(count).toBeLessThan(250 + 94);
      }
    }
  });
});

describe("formatRecoveryCode", () => {
  it.each([
    ["ABCDEFGHJKMNPQRS", "ABCD-EFGH-JKMN-PQRS"],
    ["0123456789ABCDEFGHJKMNPQRSTV", "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV"],
  ])("shows %s as %s", (code, shown) => {
    expect(formatRecoveryCode(code)).toBe(shown);
  });
});

describe("normalizeRecoveryCodeInput (S20)", () => {
  it.each([
    ["as shown", "ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"],
    ["lower case", "abcd-efgh-jkmn-pqrs", "ABCDEFGHJKMNPQRS"],
    ["mixed case", "aBcD-eFgH-jKmN-pQrS", "ABCDEFGHJKMNPQRS"],
    ["no separators", "abcdefghjkmnpqrs", "ABCDEFGHJKMNPQRS"],
    ["spaces instead of dashes", "ABCD EFGH JKMN PQRS", "ABCDEFGHJKMNPQRS"],
    ["spaces around and doubled", "  abcd  efgh jkmn pqrs \n", "ABCDEFGHJKMNPQRS"],
    ["tabs and a non-breaking space", "ABCD\tEFGH\u00a0JKMN PQRS", "ABCDEFGHJKMNPQRS"],
    ["dashes in other places", "AB-CDEF-GHJ-KMNPQ-RS", "ABCDEFGHJKMNPQRS"],
    ["doubled dashes", "ABCD--EFGH--JKMN--PQRS", "ABCDEFGHJKMNPQRS"],
    ["typographic dashes from a word processor", "ABCD\u2013EFGH\u2014JKMN\u2010PQRS", "ABCDEFGHJKMNPQRS"],
    ["full-width characters", "ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ－ＰＱＲＳ", "ABCDEFGHJKMNPQRS"],
    ["I read as 1", "IIII-ABCD-EFGH-JKMN", "1111ABCDEFGHJKMN"],
    ["i read as 1", "iiii-abcd-efgh-jkmn", "1111ABCDEFGHJKMN"],
    ["L read as 1", "LLLL-ABCD-EFGH-JKMN", "1111ABCDEFGHJKMN"],
    ["l read as 1", "llll-abcd-efgh-jkmn", "1111ABCDEFGHJKMN"],
    ["O read as 0", "OOOO-ABCD-EFGH-JKMN", "0000ABCDEFGHJKMN"],
    ["o read as 0", "oooo-abcd-efgh-jkmn", "0000ABCDEFGHJKMN"],
    ["a recovery key (28 characters)", "abcd-efgh-jkmn-pqrs-tvwx-yz01-2345", "ABCDEFGHJKMNPQRSTVWXYZ012345"],
  ])("accepts %s", (_label, input, normalized) => {
    expect(normalizeRecoveryCodeInput(input)).toBe(normalized);
  });

  it.each([
    ["empty input", ""],
    ["only separators", " - - - "],
    ["one character short", "ABCD-EFGH-JKMN-PQR"],
    ["one character long", "ABCD-EFGH-JKMN-PQRST"],
    ["between a code and a key", "ABCD-EFGH-JKMN-PQRS-TVWX"],
    ["a key one character short", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-234"],
    ["U (not in the alphabet, not a look-alike)", "UBCD-EFGH-JKMN-PQRS"],
    ["an underscore", "ABCD_EFGH_JKMN_PQRS"],
    ["dots", "ABCD.EFGH.JKMN.PQRS"],
    ["an accented letter", "ÁBCD-EFGH-JKMN-PQRS"],
    ["a letter from another script", "АBCD-EFGH-JKMN-PQRS"],
    ["an emoji", "🔑BCD-EFGH-JKMN-PQRS"],
    ["a pasted sentence", "my code is ABCD-EFGH-JKMN-PQRS"],
    ["SQL", "' OR 1=1 --'-ABCD-EFGH"],
    ["very long input", "ABCD-".repeat(1000)],
  ])("refuses %s", (_label, input) => {
    expect(normalizeRecoveryCodeInput(input)).toBeNull();
  });
});

describe("maskRecoveryCode", () => {
  it("hides all but the last group of a code or a key", () => {
    expect(maskRecoveryCode("set", "7K2F")).toBe("••••-••••-••••-7K2F");
    expect(maskRecoveryCode("key", "7K2F")).toBe("••••-••••-••••-••••-••••-••••-7K2F");
  });
});
