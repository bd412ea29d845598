import { randomBytes } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Keyring } from "../../../src/crypto/secret-box";
import {
  generateTotpAt,
  generateTotpForStep,
  groupTotpSecret,
  matchTotpStep,
  normalizeTotpInput,
  totpAlgorithm,
  totpDigits,
  totpPeriodSeconds,
  totpSeedBytes,
  totpStepAt,
  totpWindow,
} from "../../../src/factors/totp/totp-parameters";
import { newTotpSeed, openTotpSeed, sealTotpSeed } from "../../../src/factors/totp/totp-seed";

// The RFC's own test secret: the ASCII bytes of "12345678901234567890".
const rfcSecret = Buffer.from("12345678901234567890", "ascii");

afterEach(() => {
  vi.useRealTimers();
});

describe("RFC 4226 Appendix D: HOTP test values", () => {
  const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  it.each(expected.map((code, counter) => [counter, code] as const))("counter %i gives %s", (counter, code) => {
    expect(generateTotpForStep(rfcSecret, counter)).toBe(code);
    expect(HOTP.generate({ secret: Secret.fromLatin1("12345678901234567890"), counter })).toBe(code);
  });
});

describe("RFC 6238 Appendix B: TOTP test values (SHA1)", () => {
  // The appendix prints 8 digits; the product uses 6, which are the same number's last 6 digits.
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("at %i s the 8-digit code is %s and our 6-digit code its last 6 digits", (seconds, code) => {
    const at = new Date(seconds * 1000);
    expect(generateTotpAt(rfcSecret, at, 8)).toBe(code);
    expect(TOTP.generate({ secret: Secret.fromLatin1("12345678901234567890"), algorithm: "SHA1", digits: 8, period: 30, timestamp: seconds * 1000 })).toBe(code);
    expect(generateTotpAt(rfcSecret, at)).toBe(code.slice(-6));
    expect(matchTotpStep(rfcSecret, code.slice(-6), at)).toBe(Math.floor(seconds / 30));
  });
});

describe("parameters", () => {
  it("uses what every authenticator app assumes: 30 s, 6 digits, SHA1, one step either side", () => {
    expect({ totpPeriodSeconds, totpDigits, totpAlgorithm, totpWindow }).toEqual({ totpPeriodSeconds: 30, totpDigits: 6, totpAlgorithm: "SHA1", totpWindow: 1 });
  });

  it.each([
    [0, 0],
    [29_999, 0],
    [30_000, 1],
    [59_000, 1],
    [1_111_111_109_000, 37_037_036],
  ])("the step at %i ms is %i", (ms, step) => {
    expect(totpStepAt(new Date(ms))).toBe(step);
  });
});

describe("the step window: T-1..T+1 and nothing else (S13)", () => {
  const seed = randomBytes(totpSeedBytes);
  // 1_800_000_000 s is a step boundary; 12 s later sits well inside that step.
  const now = new Date(1_800_000_000_000 + 12_000);
  const current = totpStepAt(now);

  it.each([
    [-1, true],
    [0, true],
    [1, true],
    [-2, false],
    [2, false],
    [-10, false],
    [10, false],
  ])("a code from step T + (%i) is accepted: %s", (offset, accepted) => {
    const code = generateTotpForStep(seed, current + offset);
    expect(matchTotpStep(seed, code, now)).toBe(accepted ? current + offset : null);
  });

  it("reads the server clock as the caller gives it: with the system time moved, the window moves", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const code = generateTotpForStep(seed, current);
    for (const [shiftSeconds, accepted] of [
      [-60, false],
      [-30, true],
      [0, true],
      [30, true],
      [60, false],
    ] as const) {
      vi.setSystemTime(now.getTime() + shiftSeconds * 1000);
      expect(matchTotpStep(seed, code, new Date()) !== null).toBe(accepted);
    }
  });

  it("refuses a code of the wrong length even when its digits are a prefix of the right one", () => {
    const code = generateTotpForStep(seed, current);
    expect(matchTotpStep(seed, code.slice(0, 5), now)).toBeNull();
    expect(matchTotpStep(seed, `${code}0`, now)).toBeNull();
  });
});

describe("seeds", () => {
  it("are 160 bits from the CSPRNG, all different", () => {
    const seeds = Array.from({ length: 100 }, () => newTotpSeed());
    for (const seed of seeds) expect(seed).toHaveLength(20);
    expect(totpSeedBytes * 8).toBe(160);
    expect(new Set(seeds.map((seed) => seed.toString("hex"))).size).toBe(seeds.length);
  });

  it("are shown as 32 base32 characters in 8 groups of 4", () => {
    const base32 = new Secret({ buffer: Uint8Array.from(newTotpSeed()).buffer }).base32;
    expect(base32).toMatch(/^[A-Z2-7]{32}$/);
    expect(groupTotpSecret(base32)).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    expect(groupTotpSecret(base32).replace(/ /g, "")).toBe(base32);
  });
});

describe("sealing a seed (encryption at rest, S15)", () => {
  const current = { id: "k-new", key: randomBytes(32) };
  const previous = { id: "k-old", key: randomBytes(32) };
  const ring: Keyring = [current, previous];

  it("round-trips, without the seed in any common encoding in the sealed value", () => {
    const seed = newTotpSeed();
    const sealed = sealTotpSeed(seed, ring);
    expect(Buffer.from(openTotpSeed(sealed, ring)).equals(seed)).toBe(true);
    const base32 = new Secret({ buffer: Uint8Array.from(seed).buffer }).base32;
    for (const form of [base32, seed.toString("hex"), seed.toString("base64"), seed.toString("base64url")]) expect(sealed).not.toContain(form);
    expect(sealed.split(".")[1]).toBe("k-new");
  });

  it("opens a seed sealed under an older key still in the ring, and nothing sealed under a key that left it", () => {
    const seed = newTotpSeed();
    const sealedOld = sealTotpSeed(seed, [previous]);
    expect(Buffer.from(openTotpSeed(sealedOld, ring)).equals(seed)).toBe(true);
    expect(() => openTotpSeed(sealedOld, [current])).toThrow('Sealed with unknown key id "k-old"');
  });

  it("refuses a sealed value that holds a seed of another size", () => {
    const short = sealTotpSeed(randomBytes(10), ring);
    expect(() => openTotpSeed(short, ring)).toThrow("wrong length");
  });
});

describe("normalizeTotpInput", () => {
  it.each([
    ["123456", "123456"],
    ["123 456", "123456"],
    [" 123456 ", "123456"],
    ["12 34 56", "123456"],
    ["123-456", "123456"],
    ["\t123456\n", "123456"],
    ["012345", "012345"],
  ])("reads %j as %s", (input, expected) => {
    expect(normalizeTotpInput(input)).toBe(expected);
  });

  it.each(["", "12345", "1234567", "12345a", "abcdef", "١٢٣٤٥٦", "123456\u0000", "+123456", "12.3456", "94287082"])("refuses %j", (input) => {
    expect(normalizeTotpInput(input)).toBeNull();
  });
});
