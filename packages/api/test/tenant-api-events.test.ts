import { describe, expect, it } from "vitest";
import { errorCodeOf } from "./support";
import { makeApiKey, tenantCaller } from "./tenant-api-fixtures";
import { sequence, writeEvents } from "./tenant-api-webhook-fixtures";

async function keyWith(scopes: Parameters<typeof makeApiKey>[0] = {}) {
  const made = await makeApiKey(scopes);
  return { ...made, api: await tenantCaller(made.key) };
}

describe("tenant API events.list", () => {
  it("pages the feed in order from a cursor, filters by type, and hands back the same cursor when nothing is new", async () => {
    const { api, tenantId, apiKeyId } = await keyWith({ scopes: ["events:read"] });
    const signIns = await writeEvents(tenantId, 4);
    const [factor] = await writeEvents(tenantId, 1, "factor.added");
    await sequence(tenantId);

    const seen: { id: string; sequence: number }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await api.events.list({ after, limit: 2 });
      seen.push(...page.events);
      after = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(seen.map((event) => event.sequence)).toEqual(seen.map((_, index) => index + 1));
    // The tenant's creation, its staff admin and key (the fixtures), then the events written here.
    expect(seen.slice(-5).map((event) => event.id)).toEqual([...signIns, factor]);
    const keyCreated = (await api.events.list({ types: ["api_key.created"] })).events;
    expect(keyCreated).toHaveLength(1);
    expect(keyCreated[0]).toMatchObject({ type: "api_key.created", userId: null, actor: { type: "staff" }, data: { apiKeyId } });

    const factors = await api.events.list({ types: ["factor.added"] });
    expect(factors.events).toHaveLength(1);
    expect(factors.events[0]).toMatchObject({ id: factor, type: "factor.added", actor: { type: "system" }, ip: "198.51.100.30", data: { index: 0 } });
    expect(factors.events[0]!.occurredAt).toBeInstanceOf(Date);

    expect(await api.events.list({ after })).toEqual({ events: [], nextCursor: after, hasMore: false });
    const [late] = await writeEvents(tenantId, 1);
    await sequence(tenantId);
    expect((await api.events.list({ after })).events.map((event) => event.id)).toEqual([late]);
  });

  it("never shows another tenant's events, from any cursor (S28)", async () => {
    const theirs = await keyWith({ scopes: ["events:read"] });
    const theirIds = new Set(await writeEvents(theirs.tenantId, 5));
    await sequence(theirs.tenantId);
    const { api, tenantId } = await keyWith({ scopes: ["events:read"] });
    await sequence(tenantId);
    for (const after of [undefined, "0", "1", "3", "999999"]) {
      const page = await api.events.list({ after, limit: 500 });
      expect(page.events.some((event) => theirIds.has(event.id))).toBe(false);
    }
  });

  it("cannot be sidestepped by a key without events:read pointing a webhook endpoint at its own server", async () => {
    const { api } = await keyWith({ scopes: ["webhooks:write"] });
    const failure = await api.webhooks.create({ url: "https://hooks.example.com/rekey" }).catch((error: Error) => error);
    expect(await errorCodeOf(Promise.reject(failure))).toBe("FORBIDDEN");
    expect((failure as Error).message).toContain("events:read");
  });

  it("refuses a key without events:read, naming the scope", async () => {
    const { api } = await keyWith({ scopes: ["webhooks:write"] });
    const failure = await api.events.list().catch((error: Error) => error);
    expect(await errorCodeOf(Promise.reject(failure))).toBe("FORBIDDEN");
    expect((failure as Error).message).toContain("events:read");
  });
});
