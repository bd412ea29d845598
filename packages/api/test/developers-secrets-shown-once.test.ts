import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { hashToken } from "../../core/src/crypto/tokens";
import { developerDesks, failedDelivery, publicWebhookUrl } from "./developers-fixtures";
import { errorCodeOf } from "./support";
import { tenantCaller } from "./tenant-api-fixtures";

// S29: a tenant API key is handed out once, in the answer to createKey, and a webhook signing
// secret once, in the answer that made it (createEndpoint, rotateEndpointSecret). Every later answer
// the Developers page gets holds a key's prefix at most, and never a secret.

describe("a key made on the Developers page", () => {
  it("is in the create answer and in no later answer", async () => {
    const { tenantA, adminA } = await developerDesks();
    const developers = adminA.caller.developers;
    const created = await developers.createKey({ tenantId: tenantA.id, name: "Billing backend", environment: "live", scopes: ["sessions:read", "users:read"], expiresAt: null });
    expect(created.key).toMatch(/^rky_live_[0-9A-Za-z]{28}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    expect(created.apiKey).toMatchObject({ name: "Billing backend", environment: "live", scopes: ["sessions:read", "users:read"], status: "active", expiresAt: null });
    expect(JSON.stringify(created.apiKey)).not.toContain(created.key.slice(9));
    // Only its hash is stored.
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } });
    expect(row.secretHash).toBe(hashToken(created.key));

    const secret = created.key.slice("rky_live_".length);
    const later = [
      await developers.keys({ tenantId: tenantA.id }),
      await developers.createKey({ tenantId: tenantA.id, name: "Another app", environment: "test", scopes: ["events:read"] }),
      await developers.revokeKey({ tenantId: tenantA.id, apiKeyId: created.apiKey.id }),
      await developers.keys({ tenantId: tenantA.id }),
    ];
    for (const answer of later) {
      expect(JSON.stringify(answer)).not.toContain(secret);
      expect(JSON.stringify(answer)).not.toContain(row.secretHash);
    }
    const listed = later[3] as Awaited<ReturnType<typeof developers.keys>>;
    expect(listed.keys.find((k) => k.id === created.apiKey.id)).toMatchObject({ prefix: created.apiKey.prefix, status: "revoked", createdBy: adminA.email });
  });

  it("works against the tenant API until it is revoked, then its next call is refused", async () => {
    const { tenantA, adminA } = await developerDesks();
    const { key, apiKey } = await adminA.caller.developers.createKey({ tenantId: tenantA.id, name: "Session checker", environment: "test", scopes: ["sessions:read"] });
    const api = await tenantCaller(key);
    expect(await api.sessions.verify({ token: "not-a-session" })).toEqual({ active: false });
    await adminA.caller.developers.revokeKey({ tenantId: tenantA.id, apiKeyId: apiKey.id });
    // The next request (a new context, as over HTTP, where one request's batch shares a key check).
    expect(await errorCodeOf((await tenantCaller(key)).sessions.verify({ token: "not-a-session" }))).toBe("UNAUTHENTICATED");
  });

  it("lists the scopes a key may carry with what each allows", async () => {
    const { tenantA, adminA } = await developerDesks();
    const { scopes } = await adminA.caller.developers.keys({ tenantId: tenantA.id });
    expect(scopes).toContainEqual({ scope: "sessions:read", description: "Verify and list sessions" });
    expect(scopes.every((s) => s.description.length > 0)).toBe(true);
  });
});

describe("a webhook signing secret made on the Developers page", () => {
  it("is in the answer that made it (creation, rotation) and in no later answer", async () => {
    const { tenantA, adminA } = await developerDesks();
    const developers = adminA.caller.developers;
    const tenantId = tenantA.id;
    const created = await developers.createEndpoint({ tenantId, url: publicWebhookUrl, description: "Billing", eventTypes: ["account.signed_in", "factor.added"] });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.endpoint).toMatchObject({ url: publicWebhookUrl, description: "Billing", eventTypes: ["account.signed_in", "factor.added"], enabled: true });
    const endpointId = created.endpoint.id;
    const deliveryId = await failedDelivery(tenantId, endpointId);

    const rotated = await developers.rotateEndpointSecret({ tenantId, endpointId });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.previousSecretUntil.getTime() - Date.now()).toBeGreaterThan(23 * 60 * 60_000);

    const secrets = [created.secret, rotated.secret].map((secret) => secret.slice("whsec_".length));
    const later = [
      await developers.endpoints({ tenantId }),
      await developers.deliveries({ tenantId, endpointId }),
      await developers.redeliver({ tenantId, deliveryId }),
      await developers.updateEndpoint({ tenantId, endpointId, enabled: false }),
      await developers.updateEndpoint({ tenantId, endpointId, enabled: true }),
      await developers.deleteEndpoint({ tenantId, endpointId }),
      await developers.endpoints({ tenantId }),
    ];
    for (const answer of later) {
      for (const secret of secrets) expect(JSON.stringify(answer)).not.toContain(secret);
    }
    const listed = later[0] as Awaited<ReturnType<typeof developers.endpoints>>;
    expect(listed.endpoints.find((e) => e.id === endpointId)?.previousSecretUntil).toEqual(rotated.previousSecretUntil);
    // Deleted: gone from the list.
    expect((later[6] as Awaited<ReturnType<typeof developers.endpoints>>).endpoints.some((e) => e.id === endpointId)).toBe(false);
  });
});
