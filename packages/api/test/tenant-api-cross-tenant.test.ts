import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "@rekey/core/db";
import { newId } from "@rekey/core";
import { hashToken } from "../../core/src/crypto/tokens";
import { tenantRouter } from "../src";
import { tenantSnapshot, tenantWithKey, userWithTwoFactor, type TenantWithKey } from "./tenant-api-user-fixtures";
import { sequence, webhookSnapshot, writeEvents } from "./tenant-api-webhook-fixtures";

// S28 for the whole tenant API: a key of tenant A pointed at tenant B's objects (an account, a
// session, a session token, a sign-in code, an address) gets exactly the answer it gets for an
// object that does not exist, and tenant B's rows do not change. The table is checked against the
// router itself, so a procedure added without a probe here fails this test.

// Webhook receivers on this machine (http://127.0.0.1), as in development.
vi.stubEnv("REKEY_WEBHOOK_ALLOW_LOCAL", "1");

type Api = TenantWithKey["api"];
type ForeignObjects = {
  userId: string;
  email: string;
  sessionId: string;
  sessionToken: string;
  handoffCode: string;
  eventIds: string[];
  endpointId: string;
  endpointUrl: string;
  deliveryId: string;
};
type Probe = {
  /** The call aimed at tenant B's object. */
  foreign: (api: Api, b: ForeignObjects) => Promise<unknown>;
  /** The same call aimed at an object that exists nowhere. */
  missing: (api: Api) => Promise<unknown>;
  /** What of a successful answer must match (ids and dates of rows the call made differ). */
  compare?: (value: unknown) => unknown;
};

const made22 = () => randomBytes(16).toString("base64url");
const missingUserId = () => `usr_${made22()}`;
const receiverUrl = "http://127.0.0.1:9/hooks/rekey";
const none = async () => [];

const probes: Record<string, Probe> = {
  "sessions.verify": { foreign: (api, b) => api.sessions.verify({ token: b.sessionToken }), missing: (api) => api.sessions.verify({ token: randomBytes(32).toString("base64url") }) },
  "sessions.exchange": { foreign: (api, b) => api.sessions.exchange({ code: b.handoffCode }), missing: (api) => api.sessions.exchange({ code: randomBytes(32).toString("base64url") }) },
  "sessions.list": { foreign: (api, b) => api.sessions.list({ userId: b.userId }), missing: (api) => api.sessions.list({ userId: missingUserId() }) },
  "sessions.revoke": { foreign: (api, b) => api.sessions.revoke({ sessionId: b.sessionId }), missing: (api) => api.sessions.revoke({ sessionId: `ses_${made22()}` }) },
  "sessions.revokeAll": { foreign: (api, b) => api.sessions.revokeAll({ userId: b.userId }), missing: (api) => api.sessions.revokeAll({ userId: missingUserId() }) },
  "users.get": { foreign: (api, b) => api.users.get({ userId: b.userId }), missing: (api) => api.users.get({ userId: missingUserId() }) },
  "users.list": { foreign: (api, b) => api.users.list({ email: b.email }), missing: (api) => api.users.list({ email: `nobody-${made22().toLowerCase()}@example.test` }) },
  "users.create": {
    // B's address is not taken in A: A's key makes A's own account, exactly as for a new address.
    foreign: (api, b) => api.users.create({ email: b.email, name: "Same Address" }),
    missing: (api) => api.users.create({ email: `new-${made22().toLowerCase()}@example.test`, name: "Same Address" }),
    compare: (value) => ({ ...(value as object), id: "usr_…", email: "…", createdAt: "…" }),
  },
  "users.disable": { foreign: (api, b) => api.users.disable({ userId: b.userId }), missing: (api) => api.users.disable({ userId: missingUserId() }) },
  "users.enable": { foreign: (api, b) => api.users.enable({ userId: b.userId }), missing: (api) => api.users.enable({ userId: missingUserId() }) },
  "users.securityStatus": { foreign: (api, b) => api.users.securityStatus({ userId: b.userId }), missing: (api) => api.users.securityStatus({ userId: missingUserId() }) },
  "recoveryCodes.generate": { foreign: (api, b) => api.recoveryCodes.generate({ userId: b.userId }), missing: (api) => api.recoveryCodes.generate({ userId: missingUserId() }) },
  // Lists have no object to name: what of B's shows up in A's list must be what a tenant without
  // them sees, nothing.
  "events.list": { foreign: async (api, b) => (await api.events.list()).events.filter((event) => b.eventIds.includes(event.id)), missing: none },
  "webhooks.list": { foreign: async (api, b) => (await api.webhooks.list()).endpoints.filter((endpoint) => endpoint.id === b.endpointId), missing: none },
  "webhooks.create": {
    // B's receiver URL is nothing special to A: A's key makes A's own endpoint, as for a new URL.
    foreign: (api, b) => api.webhooks.create({ url: b.endpointUrl, eventTypes: ["account.signed_in"] }),
    missing: (api) => api.webhooks.create({ url: `${receiverUrl}/${made22()}`, eventTypes: ["account.signed_in"] }),
    compare: (value) => ({ created: typeof value === "object" && value !== null && "secret" in value }),
  },
  "webhooks.update": { foreign: (api, b) => api.webhooks.update({ endpointId: b.endpointId, enabled: false }), missing: (api) => api.webhooks.update({ endpointId: `whe_${made22()}`, enabled: false }) },
  "webhooks.rotateSecret": { foreign: (api, b) => api.webhooks.rotateSecret({ endpointId: b.endpointId }), missing: (api) => api.webhooks.rotateSecret({ endpointId: `whe_${made22()}` }) },
  "webhooks.delete": { foreign: (api, b) => api.webhooks.delete({ endpointId: b.endpointId }), missing: (api) => api.webhooks.delete({ endpointId: `whe_${made22()}` }) },
  "webhooks.deliveries": {
    foreign: (api, b) => api.webhooks.deliveries({ endpointId: b.endpointId }),
    missing: (api) => api.webhooks.deliveries({ endpointId: `whe_${made22()}` }),
  },
  "webhooks.redeliver": { foreign: (api, b) => api.webhooks.redeliver({ deliveryId: b.deliveryId }), missing: (api) => api.webhooks.redeliver({ deliveryId: `whd_${made22()}` }) },
};

type Outcome = { answer: unknown } | { code: string | undefined; appCode: string | undefined; message: string };

async function outcomeOf(call: Promise<unknown>, compare: (value: unknown) => unknown = (value) => value): Promise<Outcome> {
  try {
    return { answer: compare(await call) };
  } catch (error) {
    const failure = error as { code?: string; message?: string; cause?: { code?: string } };
    return { code: failure.code, appCode: failure.cause?.code, message: failure.message ?? "" };
  }
}

/** Tenant B: a person with two-step verification, signed in, and a sign-in code for a tenant app. */
async function tenantBObjects() {
  const b = await tenantWithKey();
  const owner = await userWithTwoFactor(b.tenant);
  const session = await getDb().session.findFirstOrThrow({ where: { userId: owner.user.id, revokedAt: null }, select: { id: true } });
  const handoffCode = randomBytes(32).toString("base64url");
  await getDb().sessionHandoff.create({
    data: { id: newId("sessionHandoff"), tenantId: b.tenant.id, sessionId: session.id, codeHash: hashToken(handoffCode), returnOrigin: "https://app.example.test", expiresAt: new Date(Date.now() + 60_000) },
  });
  // A webhook endpoint with one delivery of B's events, numbered by the feed's sequencer.
  const endpointUrl = `${receiverUrl}/${made22()}`;
  const { endpoint } = await b.api.webhooks.create({ url: endpointUrl, eventTypes: ["account.signed_in"] });
  const eventIds = await writeEvents(b.tenant.id, 1);
  await sequence(b.tenant.id);
  const [delivery] = (await b.api.webhooks.deliveries({ endpointId: endpoint.id })).deliveries;
  if (!delivery) throw new Error("expected a delivery of tenant B's event");
  const objects: ForeignObjects = {
    userId: owner.user.id,
    email: owner.user.email,
    sessionId: session.id,
    sessionToken: owner.sessionToken,
    handoffCode,
    eventIds,
    endpointId: endpoint.id,
    endpointUrl,
    deliveryId: delivery.id,
  };
  return { b, objects };
}

describe("a key of one tenant pointed at another tenant's objects (S28)", () => {
  it("has a probe for every procedure of the tenant API", () => {
    const procedures = Object.keys(tenantRouter._def.procedures).sort();
    expect(procedures).toContain("sessions.verify");
    expect(Object.keys(probes).sort()).toEqual(procedures);
  });

  it.each(Object.keys(probes))("%s answers exactly as for a missing object and changes nothing of the other tenant", async (name) => {
    const probe = probes[name]!;
    const a = await tenantWithKey();
    const { b, objects } = await tenantBObjects();
    const before = await tenantSnapshot(b.tenant.id);
    const webhooksBefore = await webhookSnapshot(b.tenant.id);

    const foreign = await outcomeOf(probe.foreign(a.api, objects), probe.compare);
    const missing = await outcomeOf(probe.missing(a.api), probe.compare);
    expect(foreign).toEqual(missing);
    expect(await tenantSnapshot(b.tenant.id)).toEqual(before);
    expect(await webhookSnapshot(b.tenant.id)).toBe(webhooksBefore);
    // And B's own key still sees its objects as they were.
    expect((await b.api.sessions.verify({ token: objects.sessionToken })).active).toBe(true);
    expect(await b.api.users.get({ userId: objects.userId })).toMatchObject({ id: objects.userId, disabled: false });
  });

  it("never lists another tenant's accounts while paging", async () => {
    const a = await tenantWithKey();
    const { objects } = await tenantBObjects();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await a.api.users.list({ limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.users.map((user) => user.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).not.toContain(objects.userId);
  });
});
