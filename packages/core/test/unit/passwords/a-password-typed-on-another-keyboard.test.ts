import { hash, verify } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { checkPasswordStrength, passwordLengthProblem } from "../../../src/passwords/check-password-strength";
import { argon2Parameters, hashPassword, verifyPassword } from "../../../src/passwords/hash-password";
import { normalizePassword } from "../../../src/passwords/normalize-password";

// The same password reaches us as different code points from different keyboards, input methods
// and systems (NIST SP 800-63B rev 4 §3.1.1.2): it must hash, verify and score as one password.
// Every non-ASCII character here is an escape, so no editor can quietly normalise the test data.

const composed = "\u00C5ngstr\u00F6m lantern cobalt 42"; // Å, ö as one code point each
const decomposed = "A\u030Angstro\u0308m lantern cobalt 42"; // A + ring above, o + diaeresis
const angstromSign = "\u212Bngstr\u00F6m lantern cobalt 42"; // U+212B ANGSTROM SIGN

const correctTyped = { isCorrect: true, hasLegacyHash: false } as const;

describe("normalizePassword (NFKC)", () => {
  it.each([
    ["Å composed (U+00C5)", "\u00C5", "\u00C5"],
    ["Å decomposed (A + U+030A)", "A\u030A", "\u00C5"],
    ["the Angstrom sign (U+212B)", "\u212B", "\u00C5"],
    ["é decomposed (e + U+0301)", "e\u0301", "\u00E9"],
    ["fullwidth digits", "\uFF14\uFF12", "42"],
    ["the ligature ﬁ (U+FB01)", "\uFB01", "fi"],
    ["a no-break space", "a\u00A0b", "a b"],
    ["plain ASCII, unchanged", "correct horse battery staple 42", "correct horse battery staple 42"],
  ])("maps %s to one form", (_label, input, expected) => {
    expect(normalizePassword(input)).toBe(expected);
  });

  it("keeps case and surrounding spaces: NFKC is not case folding or trimming", () => {
    expect(normalizePassword(" Correct Horse ")).toBe(" Correct Horse ");
  });
});

describe("a password set in one form, typed in another", () => {
  it.each([
    ["the composed form", composed],
    ["the decomposed form", decomposed],
    ["the form with the Angstrom sign", angstromSign],
  ])("a hash made from %s verifies every form", async (_label, setAs) => {
    expect(new Set([composed, decomposed, angstromSign]).size).toBe(3);
    const stored = await hashPassword(setAs);
    for (const typed of [composed, decomposed, angstromSign]) {
      await expect(verifyPassword(stored, typed)).resolves.toEqual(correctTyped);
    }
    await expect(verifyPassword(stored, "Angstrom lantern cobalt 42")).resolves.toEqual({ isCorrect: false });
  });

  it.each([
    ["fullwidth digits", "amber quilt orbit 42", "amber quilt orbit \uFF14\uFF12"],
    ["a ligature", "fire lantern cobalt meadow", "\uFB01re lantern cobalt meadow"],
  ])("a password set in ASCII verifies when typed with %s, and the other way round", async (_label, ascii, variant) => {
    await expect(verifyPassword(await hashPassword(ascii), variant)).resolves.toEqual(correctTyped);
    await expect(verifyPassword(await hashPassword(variant), ascii)).resolves.toEqual(correctTyped);
  });

  it("stores the hash of the NFKC form, not of the string as typed", async () => {
    const stored = await hashPassword(decomposed);
    await expect(verify(stored, composed)).resolves.toBe(true);
    await expect(verify(stored, decomposed)).resolves.toBe(false);
  });
});

describe("a hash stored before passwords were normalised (legacy)", () => {
  it("verifies the string it was made from and says the hash needs replacing", async () => {
    const legacy = await hash(decomposed, argon2Parameters);
    await expect(verifyPassword(legacy, decomposed)).resolves.toEqual({ isCorrect: true, hasLegacyHash: true });
  });

  it("does not verify another form until it is replaced: only the string it was made from is known to match it", async () => {
    // The owner's keyboard still sends what it sent when the password was set, so they get in;
    // from that sign-in on the hash is the NFKC one and every form works.
    const legacy = await hash(decomposed, argon2Parameters);
    await expect(verifyPassword(legacy, composed)).resolves.toEqual({ isCorrect: false });
    await expect(verifyPassword(legacy, angstromSign)).resolves.toEqual({ isCorrect: false });
  });

  it("refuses a wrong password against a legacy hash", async () => {
    const legacy = await hash(decomposed, argon2Parameters);
    await expect(verifyPassword(legacy, "A\u030Angstro\u0308m lantern cobalt 43")).resolves.toEqual({ isCorrect: false });
  });

  it("treats a hash of a string already in NFKC (every ASCII password) as current", async () => {
    const asTyped = await hash("correct horse battery staple 42", argon2Parameters);
    await expect(verifyPassword(asTyped, "correct horse battery staple 42")).resolves.toEqual(correctTyped);
  });
});

describe("strength and length are judged on the NFKC form", () => {
  it("refuses a common password typed in fullwidth letters as it refuses the ASCII one", () => {
    const fullwidth = "\uFF50\uFF41\uFF53\uFF53\uFF57\uFF4F\uFF52\uFF44\uFF11\uFF12\uFF13";
    expect(checkPasswordStrength({ password: fullwidth })).toEqual(checkPasswordStrength({ password: "password123" }));
    expect(checkPasswordStrength({ password: fullwidth }).acceptable).toBe(false);
  });

  it("refuses a password built from the user's name written in another form", () => {
    const name = "\u00C5ngstr\u00F6m";
    expect(checkPasswordStrength({ password: "A\u030Angstro\u0308m2024", userInputs: [name] })).toEqual(checkPasswordStrength({ password: `${name}2024`, userInputs: [name] }));
  });

  it.each([
    ["4 letters with combining accents (8 code points as typed)", "e\u0301".repeat(4), "too-short"],
    ["4 ligatures ﬃ (12 letters in NFKC)", "\uFB03".repeat(4), null],
  ])("counts the length of %s in the form that is hashed", (_label, password, expected) => {
    expect(passwordLengthProblem(password)).toBe(expected);
  });
});
