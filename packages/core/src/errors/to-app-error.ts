import { noteUnavailable } from "../operations/request-scope";
import { AppError } from "./app-error";

// Faults below the domain (the database unreachable, a pool exhausted) become one clear,
// retryable answer instead of a stack trace or a generic 500 (DESIGN: "a fault gets a clear
// error and loses nothing"). Anything else stays unknown and is reported as an internal error.
// P2028 is Prisma's interactive transaction failing for time: no connection within its wait, or
// past its timeout on a starved machine; either way it rolled back. 57P01 (and the pg and Prisma
// messages for it) is a query cut off by the server shutting down. The soak saw all of them as 500s.
const unavailableSignals = [
  "P2028",
  "P1017",
  "57P01",
  "terminating connection due to administrator command",
  "Server has closed the connection",
  "is not queryable",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Can't reach database",
  "the database system is shutting down",
  "the database system is starting up",
];

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const text = `${(current as { code?: unknown }).code ?? ""} ${(current as { message?: unknown }).message ?? ""}`;
    if (unavailableSignals.some((signal) => text.includes(signal))) {
      noteUnavailable();
      return new AppError("UNAVAILABLE", "The service is temporarily unavailable. Nothing was changed; please try again in a moment.", { cause: error });
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
