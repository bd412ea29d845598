import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { needsReseal, open, seal, type Keyring } from "../../../src/crypto/secret-box";

// Explicit keyrings throughout: these tests never read the configured keys.
const oldKey = { id: "k2025", key: randomBytes(32) };
const newKey = { id: "k2026", key: randomBytes(32) };
const oldRing: Keyring = [oldKey];
const rotatedRing: Keyring = [newKey, oldKey];

type Part = "iv" | "ciphertext" | "tag";
const partIndex: Record<Part, number> = { iv: 2, ciphertext: 3, tag: 4 };

function parts(sealed: string) {
  const [version, keyId, iv, ciphertext, tag] = sealed.split(".");
  return { version, keyId, iv, ciphertext, tag };
}

/** Flips one bit of a decoded part: editing a base64url character may only touch padding bits. */
function flipBit(sealed: string, part: Part, byte = 0): string {
  const fields = sealed.split(".");
  const bytes = Buffer.from(fields[partIndex[part]]!, "base64url");
  bytes[byte] = bytes[byte]! ^ 0x01;
  fields[partIndex[part]] = bytes.toString("base64url");
  return fields.join(".");
}

function withTag(sealed: string, tag: Buffer): string {
  const fields = sealed.split(".");
  fields[partIndex.tag] = tag.toString("base64url");
  return fields.join(".");
}

describe("seal / open", () => {
  it.each([
    ["ascii", "totp seed JBSWY3DPEHPK3PXP"],
    ["empty string", ""],
    ["unicode", "mot de passe: ça marche 🔐"],
    ["json mail body", JSON.stringify({ text: "Reset: https://x.test/reset#token=abc", html: null })],
  ])("round-trips %s", (_label, plaintext) => {
    const sealed = seal(plaintext, oldRing);
    expect(open(sealed, oldRing)).toBe(plaintext);
  });

  it("writes v1.<keyId>.<iv>.<ciphertext>.<tag> with a 96-bit IV and a 128-bit tag, and no plaintext", () => {
    const plaintext = "reset token 4f1c2a";
    const sealed = seal(plaintext, oldRing);
    const { version, keyId, iv, tag } = parts(sealed);
    expect(version).toBe("v1");
    expect(keyId).toBe(oldKey.id);
    expect(Buffer.from(iv!, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64url")).toHaveLength(16);
    expect(sealed).not.toContain(plaintext);
  });

  it("seals the same plaintext differently every time (random IV)", () => {
    const seals = Array.from({ length: 50 }, () => seal("same plaintext", oldRing));
    expect(new Set(seals).size).toBe(seals.length);
    expect(new Set(seals.map((sealed) => parts(sealed).iv)).size).toBe(seals.length);
  });
});

describe("tampering with a sealed value is detected", () => {
  it.each<[Part, number]>([
    ["ciphertext", 0],
    ["ciphertext", 5],
    ["tag", 0],
    ["tag", 15],
    ["iv", 0],
    ["iv", 11],
  ])("a flipped bit in the %s (byte %i) is rejected", (part, byte) => {
    const sealed = seal("wire transfer approved: 100 EUR", oldRing);
    expect(() => open(flipBit(sealed, part, byte), oldRing)).toThrow(/unable to authenticate/i);
  });

  it.each([4, 8, 12, 15])("a tag truncated to %i bytes is rejected (forging a short tag is cheap)", (length) => {
    const sealed = seal("a value an attacker would like to forge", oldRing);
    const fullTag = Buffer.from(parts(sealed).tag!, "base64url");
    // GCM's short tags are prefixes of the full tag: a decipher that accepts them verifies this.
    expect(() => open(withTag(sealed, fullTag.subarray(0, length)), oldRing)).toThrow();
  });

  it("a value sealed with a different key under the same key id is rejected", () => {
    const impostor: Keyring = [{ id: oldKey.id, key: randomBytes(32) }];
    expect(() => open(seal("forged", impostor), oldRing)).toThrow(/unable to authenticate/i);
  });

  it.each([
    ["no version", "k2025.aaaa.bbbb.cccc"],
    ["unknown version", "v0.k2025.aaaa.bbbb.cccc"],
    ["missing tag", "v1.k2025.aaaa.bbbb"],
    ["empty", ""],
  ])("a malformed value (%s) is rejected", (_label, sealed) => {
    expect(() => open(sealed, oldRing)).toThrow("Malformed sealed value");
  });
});

describe("key rotation", () => {
  it("opens a value sealed under the old key with the keyring [new, old] and asks for a reseal", () => {
    const sealedOld = seal("seed sealed in 2025", oldRing);
    expect(open(sealedOld, rotatedRing)).toBe("seed sealed in 2025");
    expect(needsReseal(sealedOld, rotatedRing)).toBe(true);
  });

  it("seals new values under the first key of the keyring, which then need no reseal", () => {
    const sealedNew = seal("seed sealed in 2026", rotatedRing);
    expect(parts(sealedNew).keyId).toBe(newKey.id);
    expect(needsReseal(sealedNew, rotatedRing)).toBe(false);
    expect(open(sealedNew, rotatedRing)).toBe("seed sealed in 2026");
  });

  it("rejects a value whose key id is not in the keyring", () => {
    const sealedNew = seal("seed sealed in 2026", rotatedRing);
    expect(() => open(sealedNew, oldRing)).toThrow(`Sealed with unknown key id "${newKey.id}"`);
  });

  it("refuses to seal without a key", () => {
    expect(() => seal("anything", [])).toThrow("No encryption key configured");
  });
});
