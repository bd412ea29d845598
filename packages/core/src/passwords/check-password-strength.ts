import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";
import { normalizePassword } from "./normalize-password";

// S4 / NIST 800-63B: length 8..128, no composition rules, refuse common and guessable passwords.
export const passwordMinLength = 8;
export const passwordMaxLength = 128;
/** zxcvbn score 0..4; 3 means "safely unguessable: moderate protection from offline attack". */
export const minimumPasswordScore = 3;

const estimatedPrefixLength = 64;

let estimator: ZxcvbnFactory | undefined;

function getEstimator(): ZxcvbnFactory {
  // Built once: the dictionaries take a moment to index.
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    // zxcvbn's own words for this one ("There should not be any personal or page related data.")
    // name neither what is wrong nor what to do.
    translations: { ...english.translations, warnings: { ...english.translations.warnings, userInputs: "Don't build it from your name or email address." } },
    useLevenshteinDistance: true,
  });
  return estimator;
}

export type PasswordStrength = {
  acceptable: boolean;
  score: 0 | 1 | 2 | 3 | 4;
  /** The main reason it is refused, in plain words; null when acceptable. */
  warning: string | null;
  suggestions: string[];
};

export type CheckPasswordStrengthOptions = {
  password: string;
  /** Words the password should not be built from (the user's name and email). */
  userInputs?: string[];
};

/** Whether the password is outside 8..128 characters, counted in code points of its NFKC form, the form that is hashed (S4). */
export function passwordLengthProblem(password: string): "too-short" | "too-long" | null {
  const length = [...normalizePassword(password)].length;
  if (length < passwordMinLength) return "too-short";
  if (length > passwordMaxLength) return "too-long";
  return null;
}

const lengthWarnings = {
  "too-short": `Use at least ${passwordMinLength} characters.`,
  "too-long": `Use at most ${passwordMaxLength} characters.`,
} as const;

export function checkPasswordStrength(options: CheckPasswordStrengthOptions): PasswordStrength {
  const { userInputs = [] } = options;
  // Scored as it is hashed: "ｐａｓｓｗｏｒｄ" in fullwidth letters is "password".
  const password = normalizePassword(options.password);
  const lengthProblem = passwordLengthProblem(password);
  if (lengthProblem) return { acceptable: false, score: 0, warning: lengthWarnings[lengthProblem], suggestions: [] };
  // Each input whole as well as in parts: from the parts alone, the user's own email address
  // scores as a long run of words and passes.
  const inputs = userInputs
    .flatMap((input) => {
      const whole = normalizePassword(input).trim().toLowerCase();
      return [whole, ...whole.split(/[\s@._+-]+/)];
    })
    .filter((word) => word.length >= 3);
  // zxcvbn's matching grows steeply with length (seconds for 128 random characters, on the event
  // loop, before any rate limit). A prefix of 64 characters that is hard to guess makes the whole
  // password hard to guess, so only the prefix is scored.
  const result = getEstimator().check([...password].slice(0, estimatedPrefixLength).join(""), inputs);
  const acceptable = result.score >= minimumPasswordScore;
  const warning = acceptable
    ? null
    : result.feedback.warning || "This password is too easy to guess. A few unrelated words make a strong one.";
  return { acceptable, score: result.score, warning, suggestions: result.feedback.suggestions };
}
