import { TRPCError, type TRPCDefaultErrorShape } from "@trpc/server";
import { ZodError } from "zod";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/unstable-core-do-not-import";
import { AppError, type AppErrorCode } from "@rekey/core";

// The one table from domain error codes to tRPC codes (and so to HTTP statuses). Typed as a
// Record over every AppErrorCode, so adding a code without a mapping does not compile.
export const trpcCodeFor: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  INVALID_CREDENTIALS: "UNAUTHORIZED",
  EMAIL_NOT_VERIFIED: "FORBIDDEN",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  STEP_UP_REQUIRED: "FORBIDDEN",
  SETUP_REQUIRED: "FORBIDDEN",
  SECOND_FACTOR_REQUIRED: "UNAUTHORIZED",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  WEAK_PASSWORD: "UNPROCESSABLE_CONTENT",
  TOKEN_INVALID: "BAD_REQUEST",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export function trpcErrorFrom(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeFor[error.code], message: error.message, cause: error });
}

export type AppErrorInfo = { code: AppErrorCode; message: string; retryAfterSeconds?: number; details?: string[] };

/** Reads the domain error behind a TRPCError (for callers using createCaller). */
export function appErrorFromTrpc(error: unknown): AppErrorInfo | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (!(cause instanceof AppError)) return null;
  return { code: cause.code, message: cause.message, retryAfterSeconds: cause.retryAfterSeconds, details: cause.details };
}

/**
 * The error shape both routers answer with: the domain code, retry time and details beside tRPC's
 * own. Internal errors say nothing about their cause: it may hold SQL, paths or secrets (S3).
 */
export function errorFormatter({ shape, error }: { shape: TRPCDefaultErrorShape; error: TRPCError }) {
  const appError = error.cause instanceof AppError ? error.cause : null;
  const isInternal = error.code === "INTERNAL_SERVER_ERROR";
  return {
    ...shape,
    message: isInternal ? "Something went wrong on our side. Nothing was changed; please try again." : shape.message,
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      appCode: appError?.code ?? null,
      retryAfterSeconds: appError?.retryAfterSeconds ?? null,
      details: appError?.details ?? null,
      fieldErrors: error.cause instanceof ZodError ? error.cause.flatten().fieldErrors : null,
    },
  };
}
