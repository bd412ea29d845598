import { describe, expect, it } from "vitest";
import { tenantRouter } from "../src";
import { signedInUser, tenantSnapshot, tenantWithKey, type TenantWithKey } from "./tenant-api-user-fixtures";

// S30 for the tenant API: malformed input is a 400 whose message says what is wrong, and nothing
// in the tenant changes (its rows compared before and after). Ids are checked by prefix and shape:
// a session id where an account id belongs is refused, not looked up.

const aUserId = "usr_AAAAAAAAAAAAAAAAAAAAAA";
const badUserIds: [string, unknown, RegExp][] = [
  ["an empty id", "", /not a user id/],
  ["a session id", "ses_AAAAAAAAAAAAAAAAAAAAAA", /not a user id/],
  ["a short id", "usr_abc", /not a user id/],
  ["an id with SQL in it", "usr_' OR 1=1 --AAAAAAAAAA", /not a user id/],
  ["a number", 42, /Send the user id/],
  ["no id", undefined, /Send the user id/],
];
const byUserId = Object.fromEntries(badUserIds.map(([label, userId, message]) => [label, [{ userId }, message]])) as Record<string, [unknown, RegExp]>;

const cases: Record<string, Record<string, [unknown, RegExp]>> = {
  "sessions.verify": { "an empty token": [{ token: "" }, /Send the session token/], "an oversized token": [{ token: "x".repeat(201) }, /not a session token/] },
  "sessions.exchange": { "an empty code": [{ code: "" }, /rekey_code/], "an oversized code": [{ code: "x".repeat(201) }, /not a sign-in code/] },
  "sessions.list": byUserId,
  "sessions.revoke": {
    "a user id": [{ sessionId: aUserId }, /not a session id/],
    "a short id": [{ sessionId: "ses_1" }, /not a session id/],
    "no id": [{}, /Send the session id/],
  },
  "sessions.revokeAll": byUserId,
  "users.get": byUserId,
  "users.list": {
    "a limit of 0": [{ limit: 0 }, /1 to 100/],
    "a limit of 101": [{ limit: 101 }, /1 to 100/],
    "a fractional limit": [{ limit: 2.5 }, /whole number/],
    "a limit as text": [{ limit: "10" }, /as a number/],
    "a made-up cursor": [{ cursor: "not-a-cursor" }, /cursor is not valid/],
    "a cursor that decodes to something else": [{ cursor: Buffer.from("1.ses_x").toString("base64url") }, /cursor is not valid/],
    "an oversized cursor": [{ cursor: "A".repeat(500) }, /cursor is not valid/],
    "a malformed address": [{ email: "not-an-email" }, /not a valid email/],
  },
  "users.create": {
    "a malformed address": [{ email: "not-an-email", name: "Nia" }, /not a valid email/],
    "an oversized address": [{ email: `${"a".repeat(250)}@example.test`, name: "Nia" }, /too long/],
    "a blank name": [{ email: "nia@example.test", name: "   " }, /Send the person's name/],
    "an oversized name": [{ email: "nia@example.test", name: "N".repeat(101) }, /too long/],
    "no name": [{ email: "nia@example.test" }, /Send the person's name/],
    "a name of the wrong type": [{ email: "nia@example.test", name: ["Nia"] }, /Send the person's name/],
  },
  "users.disable": byUserId,
  "users.enable": byUserId,
  "users.securityStatus": byUserId,
  "recoveryCodes.generate": byUserId,
  "events.list": {
    "a limit of 0": [{ limit: 0 }, /Ask for 1 to/],
    "a made-up cursor": [{ after: "abc" }, /cursor is not valid/],
    "an unknown event type": [{ types: ["account.hacked"] }, /Choose event types/],
  },
  "webhooks.create": {
    "no URL": [{}, /Enter the URL/],
    "an oversized description": [{ url: "http://127.0.0.1:9/hooks", description: "d".repeat(201) }, /200 characters/],
    "an unknown event type": [{ url: "http://127.0.0.1:9/hooks", eventTypes: ["account.hacked"] }, /Choose event types/],
  },
  "webhooks.update": {
    "a delivery id": [{ endpointId: "whd_AAAAAAAAAAAAAAAAAAAAAA", enabled: false }, /not a webhook endpoint id/],
    "enabled as text": [{ endpointId: "whe_AAAAAAAAAAAAAAAAAAAAAA", enabled: "no" }, /true or false/],
  },
  "webhooks.rotateSecret": { "a user id": [{ endpointId: aUserId }, /not a webhook endpoint id/] },
  "webhooks.delete": { "no id": [{}, /Send the webhook endpoint id/] },
  "webhooks.deliveries": {
    "an unknown status": [{ status: "lost" }, /pending, delivered or failed/],
    "a limit of 0": [{ limit: 0 }, /at least one/],
    "an endpoint id as cursor": [{ cursor: "whe_AAAAAAAAAAAAAAAAAAAAAA" }, /not a webhook delivery id/],
  },
  "webhooks.redeliver": { "a short id": [{ deliveryId: "whd_1" }, /not a webhook delivery id/] },
};

type Api = TenantWithKey["api"];

/** Calls a procedure by its path with input the types would not allow (that is the point). */
function callByPath(api: Api, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], api);
  return (procedure as (input: unknown) => Promise<unknown>)(input);
}

describe("malformed input to the tenant API (S30)", () => {
  it("covers every procedure that takes input", () => {
    // A procedure without an input parser (webhooks.list) ignores whatever is sent.
    const procedures = tenantRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>;
    const withInput = Object.keys(procedures).filter((path) => procedures[path]!._def.inputs.length > 0);
    expect(withInput).toContain("sessions.verify");
    expect(Object.keys(cases).sort()).toEqual(withInput.sort());
  });

  it.each(Object.keys(cases))("%s refuses each malformed input as BAD_REQUEST with a clear message and changes nothing", async (path) => {
    const { tenant, api } = await tenantWithKey();
    await signedInUser(tenant);
    const before = await tenantSnapshot(tenant.id);
    for (const [label, [input, message]] of Object.entries(cases[path]!)) {
      const failure = await callByPath(api, path, input).then(
        () => null,
        (error: unknown) => error as { code?: string; message?: string },
      );
      expect({ label, code: failure?.code }).toEqual({ label, code: "BAD_REQUEST" });
      expect(failure?.message, label).toMatch(message);
    }
    expect(await tenantSnapshot(tenant.id)).toEqual(before);
  });
});
