import { AppError } from "../errors/app-error";
import { checkPasswordStrength, passwordLengthProblem } from "./check-password-strength";

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

const headlines = { "too-short": "Choose a longer password.", "too-long": "Choose a shorter password." } as const;

function headline(password: string): string {
  const lengthProblem = passwordLengthProblem(password);
  return lengthProblem ? headlines[lengthProblem] : "Choose a stronger password.";
}
