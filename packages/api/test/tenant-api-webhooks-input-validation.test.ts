import { describe, expect, it, vi } from "vitest";
import { makeApiKey, tenantCaller } from "./tenant-api-fixtures";
import { sequence, webhookSnapshot, writeEvents } from "./tenant-api-webhook-fixtures";

// S30 for the feed and webhook procedures: malformed input is a 400 with a message that says what
// is wrong, and nothing changes. (Same layout as tenant-api-input-validation.test.ts.)
vi.stubEnv("REKEY_WEBHOOK_ALLOW_LOCAL", "1");

const anEndpoint = "whe_AAAAAAAAAAAAAAAAAAAAAA";
const badEndpointIds: Record<string, [unknown, RegExp]> = {
  "a delivery id": [{ endpointId: "whd_AAAAAAAAAAAAAAAAAAAAAA" }, /not a webhook endpoint id/],
  "a short id": [{ endpointId: "whe_1" }, /not a webhook endpoint id/],
  "an id with SQL in it": [{ endpointId: "whe_' OR 1=1 --AAAAAAAAAA" }, /not a webhook endpoint id/],
  "no id": [{}, /Send the webhook endpoint id/],
};

const webhookInputCases: Record<string, Record<string, [unknown, RegExp]>> = {
  "events.list": {
    "a cursor that is not a number": [{ after: "abc" }, /cursor is not valid/],
    "a negative cursor": [{ after: "-1" }, /cursor is not valid/],
    "a cursor with a leading zero": [{ after: "01" }, /cursor is not valid/],
    "an oversized cursor": [{ after: "9".repeat(40) }, /cursor is not valid/],
    "a cursor as a number": [{ after: 5 }, /nextCursor string/],
    "an unknown type": [{ types: ["account.hacked"] }, /event types from the list/],
    "types as text": [{ types: "factor.added" }, /list of event types/],
    "a limit of 0": [{ limit: 0 }, /1 to 500/],
    "a limit of 501": [{ limit: 501 }, /1 to 500/],
    "a fractional limit": [{ limit: 2.5 }, /whole number/],
  },
  "webhooks.create": {
    "no URL": [{}, /Enter the URL/],
    "a blank URL": [{ url: "   " }, /Enter the URL/],
    "not a URL": [{ url: "hooks example" }, /full URL/],
    "an oversized URL": [{ url: `http://127.0.0.1/${"a".repeat(2100)}` }, /2048 characters/],
    "an unknown event type": [{ url: "http://127.0.0.1:9/h", eventTypes: ["nope"] }, /event types from the list/],
    "an oversized description": [{ url: "http://127.0.0.1:9/h", description: "d".repeat(201) }, /200 characters/],
  },
  "webhooks.update": {
    ...badEndpointIds,
    "an enabled flag as text": [{ endpointId: anEndpoint, enabled: "yes" }, /true or false/],
    "an unknown event type": [{ endpointId: anEndpoint, eventTypes: ["x"] }, /event types from the list/],
  },
  "webhooks.rotateSecret": badEndpointIds,
  "webhooks.delete": badEndpointIds,
  "webhooks.deliveries": {
    "a bad endpoint id": [{ endpointId: "whe_1" }, /not a webhook endpoint id/],
    "a bad status": [{ status: "lost" }, /pending, delivered or failed/],
    "a bad cursor": [{ cursor: "not-a-delivery" }, /not a webhook delivery id/],
    "a limit of 0": [{ limit: 0 }, /at least one/],
    "a limit of 1000": [{ limit: 1000 }, /at most 100/],
  },
  "webhooks.redeliver": {
    "an endpoint id": [{ deliveryId: anEndpoint }, /not a webhook delivery id/],
    "no id": [{}, /Send the webhook delivery id/],
  },
};

type Api = Awaited<ReturnType<typeof tenantCaller>>;

function callByPath(api: Api, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api);
  return (procedure as (input: unknown) => Promise<unknown>)(input);
}

describe("malformed input to the feed and webhook procedures (S30)", () => {
  it.each(Object.keys(webhookInputCases))("%s refuses each malformed input as BAD_REQUEST with a clear message and changes nothing", async (path) => {
    const { key, tenantId } = await makeApiKey();
    const api = await tenantCaller(key);
    await api.webhooks.create({ url: "http://127.0.0.1:9/hook", eventTypes: ["account.signed_in"] });
    await writeEvents(tenantId, 2);
    await sequence(tenantId);
    const before = await webhookSnapshot(tenantId);
    for (const [label, [input, message]] of Object.entries(webhookInputCases[path]!)) {
      const failure = await callByPath(api, path, input).then(
        () => null,
        (error: unknown) => error as { code?: string; message?: string },
      );
      expect({ label, code: failure?.code }).toEqual({ label, code: "BAD_REQUEST" });
      expect(failure?.message, label).toMatch(message);
    }
    expect(await webhookSnapshot(tenantId)).toBe(before);
  });
});
