import { describe, expect, it, vi } from "vitest";
import { getDb } from "@rekey/core/db";
import { errorCodeOf } from "./support";
import { makeApiKey, tenantCaller } from "./tenant-api-fixtures";
import { sequence, webhookSnapshot, writeEvents } from "./tenant-api-webhook-fixtures";

// Receivers on this machine (http://127.0.0.1) are allowed here, as in development; the
// production rules have their own file (tenant-api-webhooks-ssrf.test.ts).
vi.stubEnv("REKEY_WEBHOOK_ALLOW_LOCAL", "1");

const receiverUrl = "http://127.0.0.1:9/hooks/rekey";
const missingEndpoint = "whe_AAAAAAAAAAAAAAAAAAAAAA";
const missingDelivery = "whd_AAAAAAAAAAAAAAAAAAAAAA";

async function keyWith(scopes: Parameters<typeof makeApiKey>[0] = {}) {
  const made = await makeApiKey(scopes);
  return { ...made, api: await tenantCaller(made.key) };
}

describe("tenant API webhooks", () => {
  it("create, list, update, rotate and delete an endpoint; the secret appears in the create and rotate answers only", async () => {
    const { api, tenantId, apiKeyId } = await keyWith({ scopes: ["webhooks:write", "events:read"] });
    const created = await api.webhooks.create({ url: receiverUrl, description: "Billing app", eventTypes: ["factor.added", "account.signed_in"] });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.endpoint).toMatchObject({ url: receiverUrl, description: "Billing app", eventTypes: ["account.signed_in", "factor.added"], enabled: true, failureStreak: 0 });

    const listed = await api.webhooks.list();
    expect(listed.endpoints).toEqual([created.endpoint]);
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(6));

    const endpointId = created.endpoint.id;
    expect(await api.webhooks.update({ endpointId, enabled: false })).toMatchObject({ enabled: false, disabledReason: "Turned off by hand." });
    expect(await api.webhooks.update({ endpointId, enabled: true, eventTypes: [] })).toMatchObject({ enabled: true, eventTypes: [] });

    const rotated = await api.webhooks.rotateSecret({ endpointId });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previousSecretUntil.getTime() - Date.now()).toBeGreaterThan(23 * 60 * 60_000);
    expect(JSON.stringify(await api.webhooks.list())).not.toContain(rotated.secret.slice(6));

    await api.webhooks.delete({ endpointId });
    expect((await api.webhooks.list()).endpoints).toEqual([]);
    expect(await errorCodeOf(api.webhooks.update({ endpointId, enabled: true }))).toBe("NOT_FOUND");

    const audit = await getDb().auditEvent.findMany({ where: { tenantId, type: { startsWith: "webhook." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((row) => row.type)).toEqual([
      "webhook.endpoint_created",
      "webhook.endpoint_updated",
      "webhook.endpoint_updated",
      "webhook.secret_rotated",
      "webhook.endpoint_deleted",
    ]);
    expect(audit.every((row) => row.actorType === "api_key" && row.actorId === apiKeyId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(created.secret.slice(6));
  });

  it("list deliveries and redeliver one with the same webhook-id, from the start of the schedule", async () => {
    const { api, tenantId } = await keyWith({ scopes: ["webhooks:write", "events:read"] });
    const { endpoint } = await api.webhooks.create({ url: receiverUrl, eventTypes: ["account.signed_in"] });
    const [eventId] = await writeEvents(tenantId, 1);
    await sequence(tenantId);
    const { deliveries, nextCursor } = await api.webhooks.deliveries({ endpointId: endpoint.id });
    expect(nextCursor).toBeNull();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ endpointId: endpoint.id, eventId, eventType: "account.signed_in", status: "pending", attempts: 0 });

    await getDb().webhookDelivery.update({ where: { id: deliveries[0]!.id }, data: { status: "failed", attempts: 8, nextAttemptAt: null, lastStatusCode: 500, lastError: "HTTP 500" } });
    expect((await api.webhooks.deliveries({ status: "failed" })).deliveries.map((delivery) => delivery.id)).toEqual([deliveries[0]!.id]);
    await api.webhooks.redeliver({ deliveryId: deliveries[0]!.id });
    const row = await getDb().webhookDelivery.findUniqueOrThrow({ where: { id: deliveries[0]!.id } });
    expect(row).toMatchObject({ eventId, status: "pending", attempts: 0 });
    expect(await getDb().webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
  });

  it("answer another tenant's endpoints and deliveries as not found on every procedure, and change nothing of theirs (S28)", async () => {
    const theirs = await keyWith({ scopes: ["webhooks:write", "events:read"] });
    const { endpoint } = await theirs.api.webhooks.create({ url: receiverUrl, eventTypes: ["account.signed_in"] });
    await writeEvents(theirs.tenantId, 1);
    await sequence(theirs.tenantId);
    const [delivery] = (await theirs.api.webhooks.deliveries()).deliveries;
    expect(delivery).toBeDefined();
    const before = await webhookSnapshot(theirs.tenantId);

    const { api } = await keyWith({ scopes: ["webhooks:write", "events:read"] });
    const endpointId = endpoint.id;
    const probes: Record<string, [() => Promise<unknown>, () => Promise<unknown>]> = {
      update: [() => api.webhooks.update({ endpointId, enabled: false }), () => api.webhooks.update({ endpointId: missingEndpoint, enabled: false })],
      rotateSecret: [() => api.webhooks.rotateSecret({ endpointId }), () => api.webhooks.rotateSecret({ endpointId: missingEndpoint })],
      delete: [() => api.webhooks.delete({ endpointId }), () => api.webhooks.delete({ endpointId: missingEndpoint })],
      deliveriesOfEndpoint: [() => api.webhooks.deliveries({ endpointId }), () => api.webhooks.deliveries({ endpointId: missingEndpoint })],
      deliveriesFromCursor: [() => api.webhooks.deliveries({ cursor: delivery!.id }), () => api.webhooks.deliveries({ cursor: missingDelivery })],
      redeliver: [() => api.webhooks.redeliver({ deliveryId: delivery!.id }), () => api.webhooks.redeliver({ deliveryId: missingDelivery })],
    };
    for (const [name, [theirObject, missingObject]] of Object.entries(probes)) {
      const [answer, missing] = await Promise.all([theirObject().catch((error: Error) => error), missingObject().catch((error: Error) => error)]);
      expect({ name, code: await errorCodeOf(Promise.reject(answer)) }).toEqual({ name, code: "NOT_FOUND" });
      // The same answer as for an object that does not exist: nothing tells "theirs" from "none".
      expect((answer as Error).message).toBe((missing as Error).message);
    }
    expect((await api.webhooks.list()).endpoints).toEqual([]);
    expect((await api.webhooks.deliveries()).deliveries).toEqual([]);
    expect(await webhookSnapshot(theirs.tenantId)).toBe(before);
  });

  it("refuse a key without webhooks:write on every webhook procedure, naming the scope", async () => {
    const { api } = await keyWith({ scopes: ["events:read", "sessions:read"] });
    const calls = [
      () => api.webhooks.list(),
      () => api.webhooks.create({ url: receiverUrl }),
      () => api.webhooks.update({ endpointId: missingEndpoint, enabled: false }),
      () => api.webhooks.rotateSecret({ endpointId: missingEndpoint }),
      () => api.webhooks.delete({ endpointId: missingEndpoint }),
      () => api.webhooks.deliveries(),
      () => api.webhooks.redeliver({ deliveryId: missingDelivery }),
    ];
    for (const call of calls) {
      const failure = await call().catch((error: Error) => error);
      expect(await errorCodeOf(Promise.reject(failure))).toBe("FORBIDDEN");
      expect((failure as Error).message).toContain("webhooks:write");
    }
  });
});
