import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { RequestContext } from "../../src/audit/request-context";
import { createAccount } from "../../src/accounts/create-account";
import type { Db } from "../../src/db/client";
import { AppError, type AppErrorCode } from "../../src/errors/app-error";
import { createTenant, type CreateTenantOptions } from "../../src/tenants/create-tenant";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { parseTenantPolicy } from "../../src/tenants/tenant-policy";

export const strongPassword = "correct horse battery staple 42";

export function randomHex(bytes = 4): string {
  return randomBytes(bytes).toString("hex");
}

/** Each test gets its own tenant: the database is shared by every test file of the run. */
export async function createTestTenant(db: Db, policy?: CreateTenantOptions["policy"]): Promise<Tenant> {
  const suffix = randomHex();
  const row = await createTenant({ db, slug: `t-${suffix}`, name: `Tenant ${suffix}`, policy });
  return { id: row.id, slug: row.slug, name: row.name, policy: parseTenantPolicy(row.policy) };
}

export function testContext(ip = `203.0.113.${1 + (randomBytes(1)[0]! % 254)}`): RequestContext {
  return { ip, userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0" };
}

export async function createVerifiedAccount(db: Db, tenant: Tenant, password = strongPassword) {
  const email = `user-${randomHex()}@example.test`;
  const { id } = await createAccount({ db, tenantId: tenant.id, email, name: "Test User", password, emailVerified: true, context: testContext() });
  return { id, email, password };
}

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

export function rejections(results: PromiseSettledResult<unknown>[]): AppError[] {
  return results.flatMap((result) => (result.status === "rejected" && result.reason instanceof AppError ? [result.reason] : []));
}
