import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../src/audit/request-context";
import { createAccount } from "../../src/accounts/create-account";
import type { Db } from "../../src/db/client";
import { AppError } from "../../src/errors/app-error";
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

export function rejections(results: PromiseSettledResult<unknown>[]): AppError[] {
  return results.flatMap((result) => (result.status === "rejected" && result.reason instanceof AppError ? [result.reason] : []));
}

export { expectAppError, tallyCodes } from "../app-error-assertions";
