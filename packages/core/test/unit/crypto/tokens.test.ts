import { describe, expect, it } from "vitest";
import { constantTimeEqual, hashToken, newSecretToken } from "../../../src/crypto/tokens";

describe("newSecretToken", () => {
  it("carries 256 random bits as 43 base64url characters", () => {
    const token = newSecretToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
  });

  it("never repeats", () => {
    const tokens = Array.from({ length: 1000 }, () => newSecretToken());
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});

describe("hashToken", () => {
  it("is deterministic, so a token can be looked up by its hash", () => {
    const token = newSecretToken();
    expect(hashToken(token)).toBe(hashToken(token));
  });

  it("is SHA-256 in base64url and never contains the token", () => {
    const token = newSecretToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toBe(token);
    expect(hash).not.toContain(token);
  });

  it("differs per token, even for tokens one character apart", () => {
    const token = newSecretToken();
    const neighbour = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    const hashes = [token, neighbour, ...Array.from({ length: 200 }, () => newSecretToken())].map(hashToken);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it("matches a known SHA-256 vector", () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(hashToken("abc")).toBe(Buffer.from("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "hex").toString("base64url"));
  });
});

describe("constantTimeEqual", () => {
  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "abcd", false],
    ["", "", true],
  ])("%j vs %j -> %s", (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
  });
});
