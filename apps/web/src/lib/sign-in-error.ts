import type { FormError } from "./form-state";

export const somethingWentWrong: FormError = {
  code: "UNAVAILABLE",
  message: "We could not sign you in just now. Check your connection and try again.",
};

/** authorize() in auth-options.ts encodes its error as JSON; next-auth hands it back as a string. */
export function readSignInError(raw: string | null | undefined): FormError {
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && "code" in parsed && "message" in parsed) {
        const { code, message, retryAfterSeconds } = parsed as { code: unknown; message: unknown; retryAfterSeconds?: unknown };
        if (typeof code === "string" && typeof message === "string") {
          return { code, message, ...(typeof retryAfterSeconds === "number" ? { retryAfterSeconds } : {}) };
        }
      }
    } catch {
      // Not ours: one of next-auth's own codes.
    }
    if (raw === "CredentialsSignin") return { code: "INVALID_CREDENTIALS", message: "The email or password is not right." };
  }
  return somethingWentWrong;
}
