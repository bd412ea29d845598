import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors/app-error";
import { assertAcceptablePassword } from "../../../src/passwords/assert-acceptable-password";

function refusal(password: string): AppError {
  try {
    assertAcceptablePassword({ password });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the password was accepted");
}

// The message is the form's headline; it must fit the reason listed under it.
describe("a refused password's headline says what to do about it", () => {
  it.each([
    ["too short", "Tr0ub4d", "Choose a longer password.", "Use at least 8 characters."],
    ["too long", "amber quilt orbit ferry ".repeat(6), "Choose a shorter password.", "Use at most 128 characters."],
    ["common", "password123", "Choose a stronger password.", undefined],
  ])("%s", (_label, password, headline, reason) => {
    const error = refusal(password);
    expect(error.code).toBe("WEAK_PASSWORD");
    expect(error.message).toBe(headline);
    if (reason) expect(error.details).toEqual([reason]);
    else expect(error.details?.length).toBeGreaterThan(0);
  });

  it("accepts a strong password", () => {
    expect(() => assertAcceptablePassword({ password: "lantern cobalt meadow vortex" })).not.toThrow();
  });
});
