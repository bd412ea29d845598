import { createWebhookEndpoint, newId } from "@rekey/core";
import { getDb } from "@rekey/core/db";
import { createTestTenant } from "@rekey/core/testing";
import { makeStaff, type TestStaff } from "./staff-fixtures";
import { makeApiKey } from "./tenant-api-fixtures";

// The Developers page's procedures: tenant A with an admin, a lead, an agent, one API key and one
// webhook endpoint with a failed delivery; tenant B with its own admin. Staff accounts live in a shared home tenant, as the
// install's staff usually do.

export type Desks = {
  tenantA: { id: string };
  tenantB: { id: string };
  adminA: TestStaff;
  leadA: TestStaff;
  agentA: TestStaff;
  adminB: TestStaff;
  /** An active key of tenant A. */
  keyA: { key: string; apiKeyId: string };
  /** An enabled webhook endpoint of tenant A, and a delivery to it that ran out of attempts. */
  endpointA: { endpointId: string; secret: string; deliveryId: string };
};

/** A public address literal: the URL check needs no DNS, and nothing listens there for these tests. */
export const publicWebhookUrl = "https://93.184.215.14/rekey-webhooks";

export async function developerDesks(): Promise<Desks> {
  const home = await createTestTenant();
  const tenantA = await createTestTenant();
  const tenantB = await createTestTenant();
  const adminA = await makeStaff({ tenantId: tenantA.id, role: "admin", homeTenantId: home.id });
  const leadA = await makeStaff({ tenantId: tenantA.id, role: "lead", homeTenantId: home.id });
  const agentA = await makeStaff({ tenantId: tenantA.id, role: "agent", homeTenantId: home.id });
  const adminB = await makeStaff({ tenantId: tenantB.id, role: "admin", homeTenantId: home.id });
  const { key, apiKeyId } = await makeApiKey({ tenantId: tenantA.id, admin: adminA, scopes: ["sessions:read"] });
  const { endpoint, secret } = await createWebhookEndpoint({
    db: getDb(),
    tenantId: tenantA.id,
    actor: { type: "staff", id: adminA.userId },
    url: publicWebhookUrl,
    eventTypes: [],
    context: { ip: "198.51.100.7", userAgent: "vitest" },
  });
  const deliveryId = await failedDelivery(tenantA.id, endpoint.id);
  return { tenantA, tenantB, adminA, leadA, agentA, adminB, keyA: { key, apiKeyId }, endpointA: { endpointId: endpoint.id, secret, deliveryId } };
}

/** A delivery of the tenant's latest event to `endpointId` that ran out of attempts on a 500. */
export async function failedDelivery(tenantId: string, endpointId: string): Promise<string> {
  const db = getDb();
  const event = await db.auditEvent.findFirstOrThrow({ where: { tenantId }, orderBy: { createdAt: "desc" }, select: { id: true } });
  const id = newId("webhookDelivery");
  await db.webhookDelivery.create({ data: { id, tenantId, endpointId, eventId: event.id, status: "failed", attempts: 8, lastStatusCode: 500, lastError: "The receiver answered 500." } });
  return id;
}

/** What a tenant's developer settings hold, to compare before and after a refused call. */
export async function developerState(tenantId: string) {
  const db = getDb();
  const [keys, endpoints, deliveries, audit, tenant] = await Promise.all([
    db.apiKey.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    db.webhookEndpoint.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    db.webhookDelivery.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    db.auditEvent.count({ where: { tenantId } }),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { policy: true } }),
  ]);
  return { keys, endpoints, deliveries, audit, policy: tenant.policy };
}
