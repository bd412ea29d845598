import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, vi } from "vitest";
import type { Tenant } from "@rekey/core";
import { expectSignedIn } from "@rekey/core/testing";
import { createCaller, createContext } from "../src";

export type CallerOptions = {
  sessionToken?: string | null;
  deviceToken?: string | null;
  challengeToken?: string | null;
  /** The recovery cookie of a browser that started "ask my trusted contacts". */
  recoveryToken?: string | null;
  ip?: string;
  userAgent?: string;
};

const chromeOnMac =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

/** A caller with a real context, as the web app builds it for one request. */
export async function callerFor(tenant: Pick<Tenant, "slug">, options: CallerOptions = {}) {
  const context = await createContext({
    tenantSlug: tenant.slug,
    sessionToken: options.sessionToken ?? null,
    deviceToken: options.deviceToken ?? null,
    challengeToken: options.challengeToken ?? null,
    recoveryToken: options.recoveryToken ?? null,
    ip: options.ip ?? `203.0.113.${randomBytes(1)[0]}`,
    userAgent: options.userAgent ?? chromeOnMac,
  });
  return createCaller(context);
}

export async function signedInCaller(tenant: Pick<Tenant, "slug">, user: { email: string; password: string }, options: CallerOptions = {}) {
  const anonymous = await callerFor(tenant, options);
  const { sessionToken } = expectSignedIn(await anonymous.auth.signIn({ email: user.email, password: user.password }));
  return { caller: await callerFor(tenant, { ...options, sessionToken }), sessionToken };
}

/** Runs `call` and returns the app error code it failed with (or "no error"). */
export async function errorCodeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "no error";
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? (error as { code?: string }).code ?? "unknown";
  }
}

/**
 * Finishes turning two-step verification on when the factor just activated was the account's
 * first and waits for its recovery codes (S21): the codes are issued and one is typed back.
 */
export async function saveCodesIfWaiting(caller: Awaited<ReturnType<typeof callerFor>>, activation: { status: string }): Promise<string[]> {
  if (activation.status !== "awaiting-recovery-codes") return [];
  const issued = await caller.recoveryCodes.startSetup();
  await caller.recoveryCodes.finishSetup({ setId: issued.setId, code: issued.codes[0]! });
  return issued.codes;
}

/**
 * Collects everything written to the console and stdout while each test of the calling `describe`
 * runs (S3 tests look for secrets in it). Call it inside a `describe`; answers the live list.
 */
export function captureOutput(): string[] {
  const captured: string[] = [];
  beforeEach(() => {
    captured.length = 0;
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
      });
    }
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return write(chunk, ...(rest as []));
    });
  });
  afterEach(() => vi.restoreAllMocks());
  return captured;
}
