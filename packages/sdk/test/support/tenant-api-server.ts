import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { createTenantContext, tenantRouter } from "@rekey/api";
import { apiKeyScopes, createApiKey, createSession, createStaffMember, findStaffMemberships, getTenantBySlug, type ApiKeyScope, type Tenant } from "@rekey/core";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";

// A real Rekey tenant API for the SDK to call over HTTP: the api's tenant router (its key check,
// scopes, budget and error formatter) behind tRPC's node adapter at the path the web server
// serves it on, over the test database. Fixtures are made through core, as the Developers page and
// the hosted sign-in make them.

export async function startTenantApi(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const handler = createHTTPHandler({
    router: tenantRouter,
    basePath: "/api/tenant/trpc/",
    createContext: ({ req }) =>
      createTenantContext({ authorization: req.headers.authorization ?? null, ip: req.socket.remoteAddress ?? "127.0.0.1", userAgent: req.headers["user-agent"] ?? "" }),
  });
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith("/api/tenant/trpc/")) {
      res.writeHead(404).end();
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export type TenantWithKey = { tenant: Tenant; key: string };

/** A tenant of its own with an admin-made API key carrying `scopes` (all of them when unset). */
export async function tenantWithKey(scopes: ApiKeyScope[] = [...apiKeyScopes], policy?: Parameters<typeof createTestTenant>[0]): Promise<TenantWithKey> {
  const db = getDb();
  const created = await createTestTenant(policy);
  const admin = await createTestUser(created.id, { name: "Tenant Admin" });
  await createStaffMember({ db, tenantId: created.id, userId: admin.id, role: "admin" });
  const staff = { userId: admin.id, email: admin.email, name: "Tenant Admin", memberships: await findStaffMemberships(db, admin.id) };
  const { key } = await createApiKey({
    db,
    staff,
    tenantId: created.id,
    name: `SDK test ${randomBytes(2).toString("hex")}`,
    environment: "test",
    scopes,
    expiresAt: null,
    context: { ip: "198.51.100.7", userAgent: "vitest" },
  });
  return { tenant: await getTenantBySlug({ db, slug: created.slug }), key };
}

/** A person of `tenant` signed in with a password: their session id and token. */
export async function signedInPerson(tenant: Tenant) {
  const user = await createTestUser(tenant.id);
  const session = await createSession({ db: getDb(), tenantId: tenant.id, userId: user.id, policy: tenant.policy, context: { ip: "198.51.100.1", userAgent: "test" }, methods: ["password"] });
  return { userId: user.id, email: user.email, sessionId: session.sessionId, token: session.token };
}
