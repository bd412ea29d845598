import { AppError } from "../errors/app-error";
import { checkPasswordStrength } from "./check-password-strength";

export type AssertAcceptablePasswordOptions = { password: string; userInputs?: string[] };

/** Throws WEAK_PASSWORD with the reasons a person can act on. */
export function assertAcceptablePassword(options: AssertAcceptablePasswordOptions) {
  const strength = checkPasswordStrength(options);
  if (!strength.acceptable) {
    const details = [strength.warning, ...strength.suggestions].filter((line): line is string => Boolean(line));
    throw new AppError("WEAK_PASSWORD", strength.warning ?? "Choose a stronger password.", { details });
  }
}
