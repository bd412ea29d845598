import { randomBytes } from "node:crypto";
import { Secret } from "otpauth";
import { vi } from "vitest";
import type { RequestContext } from "../../src/audit/request-context";
import { getDb } from "../../src/db/client";
import { activateTotpFactor } from "../../src/factors/totp/activate-totp-factor";
import { startTotpEnrolment, type TotpEnrolment } from "../../src/factors/totp/start-totp-enrolment";
import { generateTotpForStep, totpPeriodSeconds, totpStepAt } from "../../src/factors/totp/totp-parameters";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { saveRecoveryCodes } from "../../src/testing";

export function testContext(): RequestContext {
  return { ip: `198.51.100.${1 + (randomBytes(1)[0]! % 254)}`, userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0" };
}

export function seedOf(enrolment: TotpEnrolment): Uint8Array {
  return Secret.fromBase32(enrolment.secretBase32).bytes;
}

/** The code an app shows `offset` steps from the server's current step. */
export function codeAt(enrolment: TotpEnrolment, offset = 0): string {
  return generateTotpForStep(seedOf(enrolment), totpStepAt(new Date()) + offset);
}

/**
 * Pins the clock the code under test reads (Date only; timers and the database stay real) to
 * 5 s into a step, and lets it run on from there, so a test has 25 s before the step changes.
 */
export function pinClockEarlyInStep(): number {
  const periodMs = totpPeriodSeconds * 1000;
  const start = (Math.floor(Date.now() / periodMs) + 1) * periodMs + 5_000;
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
  vi.setSystemTime(start);
  return totpStepAt(new Date(start));
}

/**
 * Enrols and activates an app with the code of the previous step (still inside the window), so
 * the current step's code is free for the test. An account's first app waits for its recovery
 * codes (S21): they are saved too, so the app works when this returns. Call with the clock pinned.
 */
export async function enrolActiveApp(tenant: Tenant, userId: string, name?: string) {
  const enrolment = await startTotpEnrolment({ db: getDb(), tenant, userId, name });
  const activation = await activateTotpFactor({ db: getDb(), tenant, userId, factorId: enrolment.factorId, code: codeAt(enrolment, -1), context: testContext() });
  if (activation.status === "awaiting-recovery-codes") await saveRecoveryCodes(tenant, userId);
  return enrolment;
}

/** The user's audit event types, sorted by name: rows of one transaction share a timestamp. */
export async function auditTypes(tenantId: string, userId: string): Promise<string[]> {
  const rows = await getDb().auditEvent.findMany({ where: { tenantId, userId }, select: { type: true } });
  return rows.map((row) => row.type).sort();
}

export { expectAppError, tallyCodes } from "../app-error-assertions";
