// One error type for the whole domain. The code set is closed, so an ad-hoc string does not
// compile, and the HTTP status for each code is decided here, once.

export const appErrorStatus = {
  BAD_REQUEST: 400,
  INVALID_CREDENTIALS: 401,
  EMAIL_NOT_VERIFIED: 403,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** The action needs a recent sign-in or "confirm it's you" (S12). */
  STEP_UP_REQUIRED: 403,
  /** The session must first finish a step: enrol a required second factor, or save new recovery codes. */
  SETUP_REQUIRED: 403,
  /** The password was right; a second factor must follow (the sign-in challenge continues). */
  SECOND_FACTOR_REQUIRED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  WEAK_PASSWORD: 422,
  TOKEN_INVALID: 400,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Seconds until a rate-limited caller may try again. */
  readonly retryAfterSeconds?: number;
  /** Human-readable reasons (e.g. why a password was refused). Never secret. */
  readonly details?: string[];

  constructor(code: AppErrorCode, message: string, extra: { retryAfterSeconds?: number; details?: string[]; cause?: unknown } = {}) {
    super(message, { cause: extra.cause });
    this.name = "AppError";
    this.code = code;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.details = extra.details;
  }

  get status(): number {
    return appErrorStatus[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
