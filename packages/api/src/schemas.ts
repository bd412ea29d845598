import { z } from "zod";
import { passwordMaxLength } from "@rekey/core";

// Shared input shapes. Length caps keep oversized input from reaching the hash function.
export const emailInput = z.string().trim().max(254, "That email address is too long.").email("Enter a valid email address.");
/** The password strength rules live in core; this only bounds the size. */
export const passwordInput = z.string().min(1, "Enter a password.").max(passwordMaxLength * 4, "That password is too long.");
export const newPasswordInput = z.string().max(passwordMaxLength * 4, "That password is too long.");
export const nameInput = z.string().trim().min(1, "Enter your name.").max(100, "That name is too long.");
/**
 * The input of a mutation that takes none: a body with something in it is refused, not ignored
 * (S30; without a schema tRPC hands the procedure nothing and runs it whatever was sent).
 */
export const noInput = z.undefined({ error: "This call takes no input." });
export const tokenInput = z.string().min(16, "This link is incomplete.").max(200, "This link is not valid.");
export const statusOutput = z.object({ status: z.literal("check-your-email") });

export const secondFactorMethodsOutput = z.object({
  totp: z.boolean(),
  webauthn: z.boolean(),
  sms: z.array(z.object({ factorId: z.string(), maskedPhone: z.string() })),
  recoveryCode: z.boolean(),
});

/** A session handed to the web app, which stores the tokens in HttpOnly cookies. */
export const establishedSessionOutput = z.object({
  status: z.literal("signed-in"),
  userId: z.string(),
  sessionToken: z.string(),
  expiresAt: z.date(),
  deviceToken: z.string().nullable(),
});

export const codeInput = z.string().trim().min(1, "Enter the code.").max(20, "That code is too long.");
/** A recovery code or key as typed: dashes and spaces allowed (core normalises it, S20). */
export const recoveryCodeInput = z.string().trim().min(1, "Enter a recovery code.").max(80, "That recovery code is too long.");
/** A WebAuthn response as JSON from @simplewebauthn/browser; core validates its shape. */
export const webAuthnResponseInput = z.record(z.string(), z.unknown());
export const factorIdInput = z.string().min(1).max(64);
export const factorNameInput = z.string().max(60, "Use a name of at most 60 characters.").optional();

/** `awaiting-recovery-codes`: the account's first factor, on once its recovery codes are saved (S21). */
export const factorActivationOutput = z.object({ factorId: z.string(), status: z.enum(["active", "awaiting-recovery-codes"]) });

export const secondFactorProofInput = z.discriminatedUnion("method", [
  z.object({ method: z.literal("totp"), code: codeInput }),
  z.object({ method: z.literal("sms"), code: codeInput }),
  z.object({ method: z.literal("webauthn"), response: webAuthnResponseInput }),
  z.object({ method: z.literal("recovery_code"), code: recoveryCodeInput }),
]);

/** Ids of rows the caller picks from a list it was shown (contacts, recoveries). */
export const rowIdInput = z.string().min(1, "Choose one.").max(64, "That id is not valid.");
/** A relay code as read out over the phone: digits, spaces and dashes (core checks the digits). */
export const relayCodeInput = z
  .string()
  .trim()
  .min(1, "Enter the code.")
  .max(20, "That code is too long.")
  .regex(/^[\d\s-]+$/, "The code is 8 digits. Enter only the digits your contact read to you.");

/** A second factor as its owner and staff see it: kind, name, dates, and a phone number masked. */
export const factorSummaryOutput = z.object({
  type: z.enum(["totp", "sms", "webauthn"]),
  name: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  isPasskey: z.boolean(),
  maskedPhone: z.string().nullable(),
});

/** The session a completed account recovery hands over (trusted contacts, support). */
export const recoveredSessionOutput = establishedSessionOutput.extend({ secondFactorDue: z.boolean(), frozenUntil: z.date().nullable() });

export function toRecoveredSession(completed: {
  userId: string;
  sessionToken: string;
  expiresAt: Date;
  deviceToken: string | null;
  secondFactorDue: boolean;
  frozenUntil: Date | null;
}): z.infer<typeof recoveredSessionOutput> {
  const { userId, sessionToken, expiresAt, deviceToken, secondFactorDue, frozenUntil } = completed;
  return { status: "signed-in", userId, sessionToken, expiresAt, deviceToken, secondFactorDue, frozenUntil };
}
