import { randomBytes } from "node:crypto";
import { apiKeyScopes, createApiKey, findStaffMemberships, type ApiKeyScope } from "@rekey/core";
import { getDb } from "@rekey/core/db";
import { createTestTenant } from "@rekey/core/testing";
import { createTenantCaller, createTenantContext } from "../src";
import { makeStaff, tenantById, type TestStaff } from "./staff-fixtures";

// Tenant API callers for tests: a key made the way the Developers page makes one (by a tenant
// admin, through core), and a caller that sends it as the HTTP layer would (the Authorization
// header), so every call runs the real key check, scope check and budget.

export type TestApiKey = { key: string; apiKeyId: string; tenantId: string; admin: TestStaff };

export type MakeApiKeyOptions = {
  tenantId?: string;
  scopes?: ApiKeyScope[];
  environment?: "live" | "test";
  expiresAt?: Date | null;
  /** Reuse an admin of the tenant (one is made otherwise). */
  admin?: TestStaff;
};

/** A key for `tenantId` (a new tenant when unset) with `scopes` (every scope when unset). */
export async function makeApiKey(options: MakeApiKeyOptions = {}): Promise<TestApiKey> {
  const tenantId = options.tenantId ?? (await createTestTenant()).id;
  const admin = options.admin ?? (await makeStaff({ tenantId, role: "admin" }));
  const user = await getDb().user.findUniqueOrThrow({ where: { id: admin.userId }, select: { email: true, name: true } });
  const staff = { userId: admin.userId, email: user.email, name: user.name, memberships: await findStaffMemberships(getDb(), admin.userId) };
  const { key, apiKey } = await createApiKey({
    db: getDb(),
    staff,
    tenantId,
    name: `Test key ${randomBytes(2).toString("hex")}`,
    environment: options.environment ?? "test",
    scopes: options.scopes ?? [...apiKeyScopes],
    expiresAt: options.expiresAt ?? null,
    context: { ip: "198.51.100.7", userAgent: "vitest" },
  });
  return { key, apiKeyId: apiKey.id, tenantId, admin };
}

/** A tenant API caller carrying `authorization` exactly as the HTTP header would. */
export async function tenantCallerWith(authorization: string | null, ip = "203.0.113.50") {
  return createTenantCaller(await createTenantContext({ authorization, ip, userAgent: "tenant-app/1.0" }));
}

/** A tenant API caller with `key`. */
export function tenantCaller(key: string) {
  return tenantCallerWith(`Bearer ${key}`);
}

export { tenantById };
