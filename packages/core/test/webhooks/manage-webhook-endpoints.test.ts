import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { isAppError, type AppErrorCode } from "../../src/errors/app-error";
import { open } from "../../src/crypto/secret-box";
import { sequenceEvents } from "../../src/events/sequence-events";
import { createWebhookEndpoint } from "../../src/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../../src/webhooks/delete-webhook-endpoint";
import { findWebhookDeliveries } from "../../src/webhooks/find-webhook-deliveries";
import { findWebhookEndpoints } from "../../src/webhooks/find-webhook-endpoints";
import { redeliverWebhook } from "../../src/webhooks/redeliver-webhook";
import { rotateWebhookSecret } from "../../src/webhooks/rotate-webhook-secret";
import { updateWebhookEndpoint } from "../../src/webhooks/update-webhook-endpoint";
import { maxWebhookEndpoints } from "../../src/webhooks/webhook-endpoint-summary";
import { createTestTenant } from "../../src/testing";
import { context, localPolicy, productionPolicy, staffActor, writeEvents } from "./webhook-fixtures";

const db = getDb();
afterAll(() => closeDb());

const actor = staffActor("usr_test_admin");

async function codeOf(work: Promise<unknown>): Promise<AppErrorCode | "no error"> {
  try {
    await work;
    return "no error";
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

async function endpointOf(tenantId: string, eventTypes: string[] = []) {
  return createWebhookEndpoint({ db, tenantId, actor, url: "http://127.0.0.1:9/hook", eventTypes, context, urlPolicy: localPolicy });
}

/** Everything of a tenant's webhooks a probe could have changed. */
async function snapshot(tenantId: string) {
  return JSON.stringify([
    await db.webhookEndpoint.findMany({ where: { tenantId }, omit: { sealedSecret: false, sealedPreviousSecret: false }, orderBy: { id: "asc" } }),
    await db.webhookDelivery.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    await db.auditEvent.count({ where: { tenantId } }),
  ]);
}

describe("webhook endpoint management", () => {
  it("shows the secret once: the stored row holds it sealed, and no listing returns it", async () => {
    const tenant = await createTestTenant();
    const { endpoint, secret } = await endpointOf(tenant.id);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, omit: { sealedSecret: false } });
    expect(row.sealedSecret).not.toContain(secret.slice(6));
    expect(open(row.sealedSecret)).toBe(secret);
    expect(JSON.stringify(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } }))).not.toContain("sealed");
    const listed = await findWebhookEndpoints({ db, tenantId: tenant.id });
    expect(listed).toEqual([endpoint]);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    const audit = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, type: "webhook.endpoint_created" } });
    expect(audit.data).toEqual({ endpointId: endpoint.id, host: "127.0.0.1:9", eventTypes: [] });
  });

  it("answers every call on another tenant's endpoint or delivery as not found, and changes nothing", async () => {
    const [mine, theirs] = [await createTestTenant(), await createTestTenant()];
    const { endpoint } = await endpointOf(theirs.id);
    await writeEvents(theirs.id, 1);
    await sequenceEvents({ db, tenantIds: [theirs.id], dispatch: false });
    const [delivery] = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(delivery).toBeDefined();
    const before = await snapshot(theirs.id);
    const tenantId = mine.id;
    const endpointId = endpoint.id;
    const probes = {
      update: () => updateWebhookEndpoint({ db, tenantId, actor, endpointId, enabled: false, context }),
      rotate: () => rotateWebhookSecret({ db, tenantId, actor, endpointId, context }),
      delete: () => deleteWebhookEndpoint({ db, tenantId, actor, endpointId, context }),
      deliveriesOfEndpoint: () => findWebhookDeliveries({ db, tenantId, endpointId }),
      deliveriesFromCursor: () => findWebhookDeliveries({ db, tenantId, cursor: delivery!.id }),
      redeliver: () => redeliverWebhook({ db, tenantId, actor, deliveryId: delivery!.id, context, dispatch: false }),
    };
    for (const [name, probe] of Object.entries(probes)) expect([name, await codeOf(probe())]).toEqual([name, "NOT_FOUND"]);
    expect(await findWebhookEndpoints({ db, tenantId })).toEqual([]);
    expect((await findWebhookDeliveries({ db, tenantId })).deliveries).toEqual([]);
    expect(await snapshot(theirs.id)).toBe(before);
  });

  it("refuses unknown event types and bad URLs with BAD_REQUEST and saves nothing", async () => {
    const tenant = await createTestTenant();
    const { endpoint } = await endpointOf(tenant.id, ["factor.added"]);
    const before = await snapshot(tenant.id);
    const tenantId = tenant.id;
    expect(await codeOf(createWebhookEndpoint({ db, tenantId, actor, url: "https://hooks.example.com", eventTypes: ["account.hacked"], context, urlPolicy: productionPolicy({ "hooks.example.com": ["93.184.216.34"] }) }))).toBe("BAD_REQUEST");
    expect(await codeOf(createWebhookEndpoint({ db, tenantId, actor, url: "https://10.0.0.1/hook", eventTypes: [], context, urlPolicy: productionPolicy() }))).toBe("BAD_REQUEST");
    expect(await codeOf(updateWebhookEndpoint({ db, tenantId, actor, endpointId: endpoint.id, url: "http://169.254.169.254/", context, urlPolicy: productionPolicy() }))).toBe("BAD_REQUEST");
    expect(await codeOf(updateWebhookEndpoint({ db, tenantId, actor, endpointId: endpoint.id, eventTypes: ["nope"], enabled: false, context }))).toBe("BAD_REQUEST");
    expect(await snapshot(tenant.id)).toBe(before);
  });

  it(`holds the cap of ${maxWebhookEndpoints} endpoints when creations race`, async () => {
    const tenant = await createTestTenant();
    const results = await Promise.all(Array.from({ length: maxWebhookEndpoints + 4 }, () => codeOf(endpointOf(tenant.id))));
    expect(results.filter((code) => code === "no error")).toHaveLength(maxWebhookEndpoints);
    expect(results.filter((code) => code === "CONFLICT")).toHaveLength(4);
    expect(await db.webhookEndpoint.count({ where: { tenantId: tenant.id, deletedAt: null } })).toBe(maxWebhookEndpoints);
  });

  it("audits changes with the host only (a receiver's URL may carry its own token), and a deleted endpoint is gone", async () => {
    const tenant = await createTestTenant();
    const { endpoint } = await endpointOf(tenant.id);
    const tenantId = tenant.id;
    const updated = await updateWebhookEndpoint({ db, tenantId, actor, endpointId: endpoint.id, url: "http://127.0.0.1:9/hook?token=receiver-secret", description: " Billing ", eventTypes: ["factor.added", "factor.added"], context, urlPolicy: localPolicy });
    expect(updated).toMatchObject({ description: "Billing", eventTypes: ["factor.added"], enabled: true });
    await rotateWebhookSecret({ db, tenantId, actor, endpointId: endpoint.id, context });
    expect((await findWebhookEndpoints({ db, tenantId }))[0]!.previousSecretUntil).toBeInstanceOf(Date);
    await deleteWebhookEndpoint({ db, tenantId, actor, endpointId: endpoint.id, context });
    const types = (await db.auditEvent.findMany({ where: { tenantId, type: { startsWith: "webhook." } }, orderBy: { createdAt: "asc" } })).map((row) => row.type);
    expect(types).toEqual(["webhook.endpoint_created", "webhook.endpoint_updated", "webhook.secret_rotated", "webhook.endpoint_deleted"]);
    const audit = JSON.stringify(await db.auditEvent.findMany({ where: { tenantId } }));
    expect(audit).not.toContain("receiver-secret");
    expect(await findWebhookEndpoints({ db, tenantId })).toEqual([]);
    expect(await codeOf(updateWebhookEndpoint({ db, tenantId, actor, endpointId: endpoint.id, enabled: true, context }))).toBe("NOT_FOUND");
  });

  it("pages deliveries newest first and filters by endpoint and status", async () => {
    const tenant = await createTestTenant();
    const { endpoint } = await endpointOf(tenant.id, ["account.signed_in"]);
    const eventIds = await writeEvents(tenant.id, 5);
    await sequenceEvents({ db, tenantIds: [tenant.id], dispatch: false });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await findWebhookDeliveries({ db, tenantId: tenant.id, endpointId: endpoint.id, status: "pending", cursor, limit: 2 });
      seen.push(...page.deliveries.map((delivery) => delivery.eventId));
      expect(page.deliveries.every((delivery) => delivery.eventType === "account.signed_in")).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...eventIds].sort());
    expect((await findWebhookDeliveries({ db, tenantId: tenant.id, status: "delivered" })).deliveries).toEqual([]);
  });
});
