import "server-only";
import { appErrorFromTrpc } from "@rekey/api";
import { TRPCError } from "@trpc/server";
import type { FormError } from "@/lib/form-state";
import { formatMinutes } from "@/lib/format";

const fieldLabels: Record<string, string> = {
  name: "Name",
  email: "Email",
  password: "Password",
  newPassword: "New password",
  currentPassword: "Current password",
  newEmail: "New email",
  token: "Link",
  code: "Code",
  whatHappened: "What happened",
  lastSignIn: "Last sign-in",
  devicesAndPlaces: "Devices and places",
  answers: "Answers",
  replyEmail: "Reply address",
  body: "Message",
};

const SOMETHING_WENT_WRONG: FormError = {
  code: "UNAVAILABLE",
  message: "Something went wrong on our side. Please try again in a moment.",
};

export function rateLimitMessage(retryAfterSeconds: number | undefined): string {
  return retryAfterSeconds
    ? `Too many attempts, try again in ${formatMinutes(retryAfterSeconds)}.`
    : "Too many attempts, try again in a few minutes.";
}

function hasIssues(value: unknown): value is { issues: Array<{ path: PropertyKey[]; message: string }> } {
  return typeof value === "object" && value !== null && Array.isArray((value as { issues?: unknown }).issues);
}

/**
 * Turns whatever a procedure threw into something a form can show. Domain errors carry messages
 * written for users; anything else is logged (name and message only: never the input, which may
 * hold a password or token) and shown as a calm, generic sentence.
 */
export function toFormError(error: unknown): FormError {
  const app = appErrorFromTrpc(error);
  if (app) {
    return {
      code: app.code,
      // The domain's own sentence, also for limits: "A code was just sent. You can ask for another
      // in 25 seconds." is not "Too many attempts".
      message: app.message,
      ...(app.details?.length ? { details: app.details } : {}),
      ...(app.retryAfterSeconds !== undefined ? { retryAfterSeconds: app.retryAfterSeconds } : {}),
    };
  }
  if (error instanceof TRPCError) {
    switch (error.code) {
      case "BAD_REQUEST": {
        // A link cut short or mangled by a mail client is refused by the token's schema. Nothing
        // was typed, so "check what you entered" leaves the person stuck; the link pages handle
        // TOKEN_INVALID by forgetting the token and offering a new link.
        const tokenIssue = hasIssues(error.cause) && error.cause.issues.every((issue) => issue.path[0] === "token" || issue.path[0] === "statusToken") ? error.cause.issues[0] : undefined;
        if (tokenIssue) return { code: "TOKEN_INVALID", message: tokenIssue.message };
        const details = hasIssues(error.cause)
          ? error.cause.issues.map((issue) => {
              const field = fieldLabels[String(issue.path[0] ?? "")];
              return field ? `${field}: ${issue.message}` : issue.message;
            })
          : [];
        return { code: "BAD_REQUEST", message: "Please check what you entered.", ...(details.length ? { details } : {}) };
      }
      case "UNAUTHORIZED":
        return { code: "UNAUTHENTICATED", message: "Your session has ended. Please sign in again." };
      case "TOO_MANY_REQUESTS":
        return { code: "RATE_LIMITED", message: rateLimitMessage(undefined) };
      case "FORBIDDEN":
        return { code: "FORBIDDEN", message: "You are not allowed to do that." };
      case "NOT_FOUND":
        return { code: "NOT_FOUND", message: "We could not find that." };
      default:
        break;
    }
  }
  const described = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
  console.error(`[web] unexpected error: ${described}`);
  return SOMETHING_WENT_WRONG;
}

/** The tRPC/app error code of `error`, if it has one (for control flow such as 404 pages). */
export function errorCode(error: unknown): string | null {
  const app = appErrorFromTrpc(error);
  if (app) return app.code;
  return error instanceof TRPCError ? error.code : null;
}
