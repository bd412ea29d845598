// Assertions on AppError codes, shared by every test folder of core.
import { expect } from "vitest";
import { AppError, type AppErrorCode } from "../src/errors/app-error";

/** Awaits a promise that must reject with an AppError of `code`, and returns that error. */
export async function expectAppError(promise: Promise<unknown>, code: AppErrorCode): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error instanceof AppError ? error.code : undefined).toBe(code);
  return error as AppError;
}

/** Tallies settled results by AppError code ("ok" for a fulfilled promise, "other" for anything else). */
export function tallyCodes(results: PromiseSettledResult<unknown>[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const result of results) {
    const key = result.status === "fulfilled" ? "ok" : result.reason instanceof AppError ? result.reason.code : "other";
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}
