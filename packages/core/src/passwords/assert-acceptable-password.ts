import { AppError } from "../errors/app-error";
import { checkPasswordStrength, passwordMaxLength, passwordMinLength } from "./check-password-strength";

export type AssertAcceptablePasswordOptions = { password: string; userInputs?: string[] };

/**
 * Throws WEAK_PASSWORD: the message is a headline that says what to do, the details the reasons
 * a person can act on. A password of the wrong length is not "weak"; its headline says so.
 */
export function assertAcceptablePassword(options: AssertAcceptablePasswordOptions) {
  const strength = checkPasswordStrength(options);
  if (!strength.acceptable) {
    const details = [strength.warning, ...strength.suggestions].filter((line): line is string => Boolean(line));
    throw new AppError("WEAK_PASSWORD", headline(options.password), { details });
  }
}

function headline(password: string): string {
  const length = [...password].length;
  if (length < passwordMinLength) return "Choose a longer password.";
  if (length > passwordMaxLength) return "Choose a shorter password.";
  return "Choose a stronger password.";
}
