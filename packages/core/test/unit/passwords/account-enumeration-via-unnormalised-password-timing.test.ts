import { beforeEach, describe, expect, it, vi } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "../../../src/passwords/hash-password";

// A password not in NFKC is checked twice (its NFKC form, then the string as typed, for hashes
// stored before normalisation). If only a real account paid for the second check, the time of a
// wrong answer would tell which addresses have accounts (S5). argon2's verify is wrapped to count
// the calls; it still does the real work.

const counted = vi.hoisted(() => ({ verifies: 0 }));

vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  return {
    ...actual,
    verify: (...args: Parameters<typeof actual.verify>) => {
      counted.verifies += 1;
      return actual.verify(...args);
    },
  };
});

const password = "\u00C5ngstr\u00F6m lantern cobalt 42";
const stored = hashPassword(password);

beforeEach(async () => {
  await stored;
  // The dummy's hash is made on first use; make it before counting.
  await verifyAgainstDummy("warm up");
  counted.verifies = 0;
});

async function verifiesFor(check: () => Promise<unknown>): Promise<number> {
  counted.verifies = 0;
  await check();
  return counted.verifies;
}

describe("how many argon2 verifications a sign-in attempt costs", () => {
  it.each([
    ["the right password", 1, password],
    ["a wrong password already in NFKC (every ASCII one)", 1, "Angstrom lantern cobalt 42"],
    ["a wrong password not in NFKC", 2, "A\u030Angstro\u0308m lantern cobalt 43"],
  ])("%s costs %i against an account", async (_label, expected, typed) => {
    expect(await verifiesFor(async () => verifyPassword(await stored, typed))).toBe(expected);
  });

  it.each([
    ["in NFKC", "Angstrom lantern cobalt 42"],
    ["not in NFKC", "A\u030Angstro\u0308m lantern cobalt 43"],
    ["in fullwidth digits", "lantern cobalt \uFF14\uFF12"],
  ])("a wrong password %s costs as much with no account as against one", async (_label, typed) => {
    const againstAccount = await verifiesFor(async () => verifyPassword(await stored, typed));
    const againstNoAccount = await verifiesFor(() => verifyAgainstDummy(typed));
    expect(againstNoAccount).toBe(againstAccount);
  });
});
