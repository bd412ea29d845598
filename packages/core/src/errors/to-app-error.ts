import { AppError } from "./app-error";

// Faults below the domain (the database unreachable, a pool exhausted) become one clear,
// retryable answer instead of a stack trace or a generic 500 (DESIGN: "a fault gets a clear
// error and loses nothing"). Anything else stays unknown and is reported as an internal error.
const unavailableSignals = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "Connection terminated", "timeout exceeded when trying to connect", "Can't reach database", "the database system is shutting down", "the database system is starting up"];

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const text = `${(current as { code?: unknown }).code ?? ""} ${(current as { message?: unknown }).message ?? ""}`;
    if (unavailableSignals.some((signal) => text.includes(signal))) {
      return new AppError("UNAVAILABLE", "The service is temporarily unavailable. Nothing was changed; please try again in a moment.", { cause: error });
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
