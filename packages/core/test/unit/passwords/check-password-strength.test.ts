import { describe, expect, it } from "vitest";
import { checkPasswordStrength, passwordMaxLength, passwordMinLength } from "../../../src/passwords/check-password-strength";

const tooShort = `Use at least ${passwordMinLength} characters.`;
const tooLong = `Use at most ${passwordMaxLength} characters.`;

/** A passphrase of exactly `length` code points, built from unrelated words. */
function passphrase(length: number): string {
  const words = "amber quilt orbit ferry lantern cobalt meadow vortex saffron pylon thistle glacier".split(" ");
  let text = "";
  for (let index = 0; [...text].length < length; index += 1) text += `${words[index % words.length]} `;
  return [...text].slice(0, length).join("");
}

// zxcvbn takes a few hundred milliseconds per long password.
const slow = 20_000;

describe("length gate (8..128, counted in code points)", () => {
  it.each([
    ["7 characters", "abcdefg", tooShort],
    ["empty", "", tooShort],
    ["4 emoji (8 UTF-16 units, 4 code points)", "😀🎉🔐🦊", tooShort],
    ["129 characters", passphrase(129), tooLong],
    ["129 emoji (258 UTF-16 units)", "😀🎉🔐".repeat(43), tooLong],
  ])("refuses %s with a length warning", (_label, password, warning) => {
    const result = checkPasswordStrength({ password });
    expect(result).toEqual({ acceptable: false, score: 0, warning, suggestions: [] });
  });

  it.each([
    ["8 characters", "Tr0ub4d&"],
    ["8 emoji-free letters", "qzvmwkxj"],
  ])("lets %s past the length gate (the strength check then decides)", (_label, password) => {
    expect([...password]).toHaveLength(passwordMinLength);
    expect(checkPasswordStrength({ password }).warning).not.toMatch(/^Use at (least|most)/);
  });

  it.each([
    ["9 random characters", "fx7#Qp9!v"],
    ["128 characters", passphrase(128)],
    ["128 emoji (256 UTF-16 units)", "😀🎉🔐🦊".repeat(32)],
  ])("accepts %s", (_label, password) => {
    expect([...password].length).toBeLessThanOrEqual(passwordMaxLength);
    const result = checkPasswordStrength({ password });
    expect(result.acceptable).toBe(true);
    expect(result.warning).toBeNull();
  }, slow);
});

describe("common and guessable passwords are refused", () => {
  it.each(["password1", "qwertyuiop", "iloveyou123", "Password123!", "letmein2024"])("refuses %j", (password) => {
    const result = checkPasswordStrength({ password });
    expect(result.acceptable).toBe(false);
    expect(result.score).toBeLessThan(3);
    expect(result.warning).toEqual(expect.any(String));
    expect(result.warning).not.toMatch(/^Use at (least|most)/);
  });
});

describe("passwords built from the user's own email or name are refused", () => {
  const email = "zephyrine.quackenbush@example.com";
  const name = "Zephyrine Quackenbush";

  it.each([
    ["the whole email address", email],
    ["the email address in capitals", email.toUpperCase()],
    ["first and last name", "zephyrinequackenbush"],
    ["last name and a year", "quackenbush2024"],
    ["first name and a year", "Zephyrine1990"],
  ])("refuses %s", (_label, password) => {
    const result = checkPasswordStrength({ password, userInputs: [email, name] });
    expect(result.acceptable).toBe(false);
    expect(result.warning).toEqual(expect.any(String));
  }, slow);

  it("refuses a name-based password only because of the user's inputs (the same one is fine for someone else)", () => {
    expect(checkPasswordStrength({ password: "zephyrinequackenbush" }).acceptable).toBe(true);
    expect(checkPasswordStrength({ password: "zephyrinequackenbush", userInputs: [email, name] }).acceptable).toBe(false);
    expect(checkPasswordStrength({ password: email }).acceptable).toBe(true);
    expect(checkPasswordStrength({ password: email, userInputs: [email, name] }).acceptable).toBe(false);
  }, slow);

  it("says so in words a person can act on", () => {
    expect(checkPasswordStrength({ password: "zephyrinequackenbush", userInputs: [email, name] }).warning).toBe("Don't build it from your name or email address.");
  }, slow);
});

describe("no composition rules", () => {
  it.each([
    ["an all-lowercase passphrase", "correct horse battery staple"],
    ["a passphrase with a number", "correct horse battery staple 42"],
    ["lowercase words without spaces", "purplegiraffesaxophonetuesday"],
    ["a non-English passphrase", "le petit chat boit du lait froid"],
  ])("accepts %s", (_label, password) => {
    const result = checkPasswordStrength({ password });
    expect(result).toMatchObject({ acceptable: true, warning: null });
    expect(result.score).toBeGreaterThanOrEqual(3);
  }, slow);
});
