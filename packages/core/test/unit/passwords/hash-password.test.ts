import { describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../../../src/passwords/hash-password";

/** Splits a PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>. */
function parsePhc(phc: string) {
  const [empty, algorithm, version, parameters, salt, hash, ...rest] = phc.split("$");
  expect(empty).toBe("");
  expect(rest).toEqual([]);
  const params = Object.fromEntries((parameters ?? "").split(",").map((pair) => pair.split("=") as [string, string]));
  return { algorithm, version, params, salt: Buffer.from(salt ?? "", "base64"), hash: Buffer.from(hash ?? "", "base64") };
}

const password = "correct horse battery staple 42";

describe("hashPassword", () => {
  it("stores argon2id with OWASP's minimum parameters: m=19456 KiB, t=2, p=1 (S4)", async () => {
    const stored = await hashPassword(password);
    const phc = parsePhc(stored);
    expect(phc.algorithm).toBe("argon2id");
    expect(phc.version).toBe("v=19");
    expect(phc.params).toEqual({ m: "19456", t: "2", p: "1" });
    expect(phc.salt.length).toBeGreaterThanOrEqual(16);
    expect(phc.hash.length).toBeGreaterThanOrEqual(32);
    expect(stored).not.toContain(password);
  });

  it("salts every hash, so equal passwords do not give equal hashes", async () => {
    const [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(first).not.toBe(second);
    expect(parsePhc(first).salt.equals(parsePhc(second).salt)).toBe(false);
  });
});

describe("verifyPassword", () => {
  it.each([
    ["the right password", password, true],
    ["a wrong password", "correct horse battery staple 43", false],
    ["the right password with a trailing space", `${password} `, false],
    ["the right password in capitals", password.toUpperCase(), false],
    ["an empty password", "", false],
  ])("%s -> %s", async (_label, candidate, expected) => {
    const stored = await hashPassword(password);
    expect(await verifyPassword(stored, candidate)).toEqual(expected ? { isCorrect: true, hasLegacyHash: false } : { isCorrect: false });
  });

  it.each([
    ["empty", ""],
    ["not a hash", "correct horse battery staple 42"],
    ["truncated PHC string", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ"],
    ["bcrypt hash", "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"],
    ["unknown algorithm", "$argon2q$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"],
  ])("treats a malformed stored hash (%s) as a mismatch, never a pass", async (_label, stored) => {
    await expect(verifyPassword(stored, password)).resolves.toEqual({ isCorrect: false });
    await expect(verifyPassword(stored, stored)).resolves.toEqual({ isCorrect: false });
    await expect(verifyPassword(stored, "ｃｏｒｒｅｃｔ horse battery staple 42")).resolves.toEqual({ isCorrect: false });
  });
});

describe("verifyAgainstDummy", () => {
  it("is false for any password, including the dummy's own", async () => {
    await expect(verifyAgainstDummy("rekey-dummy-password-for-timing")).resolves.toBe(false);
    await expect(verifyAgainstDummy(password)).resolves.toBe(false);
  });
});
