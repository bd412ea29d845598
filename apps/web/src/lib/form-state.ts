/**
 * An error as a form shows it. `message` is always safe to show and is the alert's headline (a
 * refused password's says what to do: "Choose a longer password."); `details` lists reasons.
 */
export type FormError = {
  code: string;
  message: string;
  details?: string[];
  retryAfterSeconds?: number;
};

/** What a server action used with `useActionState` answers. `values` never holds a secret. */
export type FormState<Done = true, Values extends Record<string, string> = Record<string, string>> =
  | { status: "idle"; values?: Values }
  | { status: "error"; error: FormError; values?: Values }
  | { status: "done"; result: Done; values?: Values };

export const idle = { status: "idle" } as const;

/** What a server action called from script (not a form) answers. */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: FormError };
