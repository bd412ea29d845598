import { describe, expect, it } from "vitest";
import { normalizeEmail } from "../../../src/accounts/normalize-email";

describe("normalizeEmail", () => {
  it.each([
    ["Alice@Example.COM", "alice@example.com"],
    ["  alice@example.com  ", "alice@example.com"],
    ["\tALICE@EXAMPLE.COM\n", "alice@example.com"],
    ["alice@example.com", "alice@example.com"],
    // Provider-specific rules (Gmail dots, plus tags) are not applied: they would merge addresses
    // that other providers treat as different people.
    ["Bob+Security@Example.com", "bob+security@example.com"],
    ["b.o.b@gmail.com", "b.o.b@gmail.com"],
    ["ÄNNE@Example.de", "änne@example.de"],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it("is idempotent", () => {
    const once = normalizeEmail("  Mixed.Case+Tag@Example.ORG ");
    expect(normalizeEmail(once)).toBe(once);
  });
});
