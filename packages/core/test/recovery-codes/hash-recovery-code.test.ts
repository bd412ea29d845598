import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodeSalt } from "../../src/recovery-codes/hash-recovery-code";
import { generateRecoveryCode } from "../../src/recovery-codes/recovery-code-format";

describe("hashRecoveryCode (S19)", () => {
  it("is argon2id with the password parameters (m=19456 KiB, t=2, p=1) under the set's salt", async () => {
    const salt = newRecoveryCodeSalt();
    const code = generateRecoveryCode("set");
    const stored = await hashRecoveryCode(code, salt);
    const [, algorithm, version, parameters, saltPart] = stored.split("$");
    expect([algorithm, version, parameters]).toEqual(["argon2id", "v=19", "m=19456,t=2,p=1"]);
    expect(Buffer.from(saltPart ?? "", "base64").equals(Buffer.from(salt, "base64url"))).toBe(true);
    expect(stored).not.toContain(code);
  });

  it("gives the same hash for the same code and salt (so it can be looked up) and a different one under another salt", async () => {
    const code = generateRecoveryCode("set");
    const salt = newRecoveryCodeSalt();
    const [first, second, otherSalt] = await Promise.all([hashRecoveryCode(code, salt), hashRecoveryCode(code, salt), hashRecoveryCode(code, newRecoveryCodeSalt())]);
    expect(second).toBe(first);
    expect(otherSalt).not.toBe(first);
  });

  it("gives every set a fresh 16-byte salt", () => {
    const salts = Array.from({ length: 1000 }, () => newRecoveryCodeSalt());
    expect(new Set(salts).size).toBe(salts.length);
    for (const salt of salts.slice(0, 10)) expect(Buffer.from(salt, "base64url")).toHaveLength(16);
  });

  it("refuses a salt it did not write", async () => {
    await expect(hashRecoveryCode(generateRecoveryCode("set"), "c2hvcnQ")).rejects.toThrow("Recovery code salt has the wrong length");
  });
});
