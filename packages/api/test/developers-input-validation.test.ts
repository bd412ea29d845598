import { beforeAll, describe, expect, it } from "vitest";
import { type Desks, developerDesks, developerState, publicWebhookUrl } from "./developers-fixtures";
import type { TestStaff } from "./staff-fixtures";
import { trpcFailureOf } from "./trusted-contacts-fixtures";

// S30: the Developers page's procedures check their input with a schema. Malformed input is a
// BAD_REQUEST that says what is wrong, never a 500, and writes nothing: no key, no endpoint, no
// policy change, no audit row.

type Untyped = (input: unknown) => Promise<unknown>;
const huge = "x".repeat(100_000);

function sentencesOf(message: string): string[] {
  try {
    const issues: unknown = JSON.parse(message);
    if (Array.isArray(issues)) return issues.map((issue) => String((issue as { message?: unknown }).message));
  } catch {
    // A domain error's message is already a sentence.
  }
  return [message];
}

const createKey = (a: TestStaff) => a.caller.developers.createKey as Untyped;
const revokeKey = (a: TestStaff) => a.caller.developers.revokeKey as Untyped;
const keys = (a: TestStaff) => a.caller.developers.keys as Untyped;
const createEndpoint = (a: TestStaff) => a.caller.developers.createEndpoint as Untyped;
const updateEndpoint = (a: TestStaff) => a.caller.developers.updateEndpoint as Untyped;
const rotateEndpointSecret = (a: TestStaff) => a.caller.developers.rotateEndpointSecret as Untyped;
const deleteEndpoint = (a: TestStaff) => a.caller.developers.deleteEndpoint as Untyped;
const deliveries = (a: TestStaff) => a.caller.developers.deliveries as Untyped;
const redeliver = (a: TestStaff) => a.caller.developers.redeliver as Untyped;
const setReturnOrigins = (a: TestStaff) => a.caller.developers.setReturnOrigins as Untyped;
const good = { name: "Billing backend", environment: "test", scopes: ["sessions:read"] };

const cases: [string, (a: TestStaff) => Untyped, (d: Desks) => unknown, RegExp][] = [
  ["keys: no tenant", keys, () => ({}), /expected string|Choose an organisation/],
  ["keys: a huge tenant id", keys, () => ({ tenantId: huge }), /^That organisation id is not valid\.$/],
  ["createKey: no name", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, name: undefined }), /^Give the key a name\.$/],
  ["createKey: a blank name", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, name: "   " }), /^Give the key a name, such as/],
  ["createKey: a huge name", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, name: huge }), /^Keep the name to 60 characters\.$/],
  ["createKey: an unknown environment", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, environment: "production" }), /^Choose live or test\.$/],
  ["createKey: no scopes", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, scopes: [] }), /^Choose at least one thing the key may do\.$/],
  ["createKey: an unknown scope", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, scopes: ["sessions:read", "admin:*"] }), /^Choose scopes from the list\.$/],
  ["createKey: scopes as a string", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, scopes: "sessions:read" }), /^Choose what the key may do\.$/],
  ["createKey: a huge list of scopes", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, scopes: Array.from({ length: 10_000 }, () => "sessions:read") }), /^Choose each scope once\.$/],
  ["createKey: an expiry that is not a date", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, expiresAt: "tomorrow" }), /^Choose an expiry date, or none\.$/],
  ["createKey: an expiry in the past", createKey, (d) => ({ ...good, tenantId: d.tenantA.id, expiresAt: new Date(Date.now() - 60_000) }), /^Choose an expiry date in the future, or none\.$/],
  ["revokeKey: an empty key id", revokeKey, (d) => ({ tenantId: d.tenantA.id, apiKeyId: "" }), /^Choose one\.$/],
  ["revokeKey: a huge key id", revokeKey, (d) => ({ tenantId: d.tenantA.id, apiKeyId: huge }), /^That id is not valid\.$/],
  ["revokeKey: no tenant", revokeKey, (d) => ({ apiKeyId: d.keyA.apiKeyId }), /expected string|Choose an organisation/],
  ["createEndpoint: no URL", createEndpoint, (d) => ({ tenantId: d.tenantA.id, eventTypes: [] }), /^Enter the URL your server receives webhooks at\.$/],
  ["createEndpoint: a huge URL", createEndpoint, (d) => ({ tenantId: d.tenantA.id, url: `https://example.com/${huge}`, eventTypes: [] }), /at most 2048 characters/],
  ["createEndpoint: not a URL", createEndpoint, (d) => ({ tenantId: d.tenantA.id, url: "hooks please", eventTypes: [] }), /^Enter a full URL, starting with https:\/\/\.$/],
  ["createEndpoint: plain http", createEndpoint, (d) => ({ tenantId: d.tenantA.id, url: "http://93.184.215.14/hooks", eventTypes: [] }), /^Webhook URLs must start with https:\/\/\.$/],
  ["createEndpoint: the cloud metadata address", createEndpoint, (d) => ({ tenantId: d.tenantA.id, url: "https://169.254.169.254/latest", eventTypes: [] }), /private, loopback or reserved address/],
  ["createEndpoint: an unknown event type", createEndpoint, (d) => ({ tenantId: d.tenantA.id, url: publicWebhookUrl, eventTypes: ["account.signed_in", "everything"] }), /^Choose event types from the list\.$/],
  ["createEndpoint: event types as a string", createEndpoint, (d) => ({ tenantId: d.tenantA.id, url: publicWebhookUrl, eventTypes: "all" }), /^Choose the events to send\.$/],
  ["createEndpoint: a huge description", createEndpoint, (d) => ({ tenantId: d.tenantA.id, url: publicWebhookUrl, description: huge, eventTypes: [] }), /^Keep the description to 200 characters\.$/],
  ["updateEndpoint: a string for enabled", updateEndpoint, (d) => ({ tenantId: d.tenantA.id, endpointId: d.endpointA.endpointId, enabled: "no" }), /^Choose on or off\.$/],
  ["updateEndpoint: an empty endpoint id", updateEndpoint, (d) => ({ tenantId: d.tenantA.id, endpointId: "", enabled: false }), /^Choose one\.$/],
  ["rotateEndpointSecret: a huge endpoint id", rotateEndpointSecret, (d) => ({ tenantId: d.tenantA.id, endpointId: huge }), /^That id is not valid\.$/],
  ["deleteEndpoint: no endpoint id", deleteEndpoint, (d) => ({ tenantId: d.tenantA.id }), /expected string|Choose one/],
  ["deliveries: an unknown status", deliveries, (d) => ({ tenantId: d.tenantA.id, status: "lost" }), /^Choose pending, delivered or failed\.$/],
  ["deliveries: a page of a million", deliveries, (d) => ({ tenantId: d.tenantA.id, limit: 1_000_000 }), /^Ask for at most 100\.$/],
  ["redeliver: a huge delivery id", redeliver, (d) => ({ tenantId: d.tenantA.id, deliveryId: huge }), /^That id is not valid\.$/],
  ["setReturnOrigins: a path", setReturnOrigins, (d) => ({ tenantId: d.tenantA.id, origins: ["https://app.example.com/callback"] }), /^https:\/\/app\.example\.com\/callback must be the origin alone/],
  ["setReturnOrigins: plain http to a public host", setReturnOrigins, (d) => ({ tenantId: d.tenantA.id, origins: ["http://app.example.com"] }), /must use https/],
  ["setReturnOrigins: javascript:", setReturnOrigins, (d) => ({ tenantId: d.tenantA.id, origins: ["javascript:alert(1)"] }), /must start with https/],
  ["setReturnOrigins: eleven origins", setReturnOrigins, (d) => ({ tenantId: d.tenantA.id, origins: Array.from({ length: 11 }, (_, i) => `https://app${i}.example.com`) }), /^Allow at most 10 origins\.$/],
  ["setReturnOrigins: a huge origin", setReturnOrigins, (d) => ({ tenantId: d.tenantA.id, origins: [`https://${huge}.com`] }), /^Keep each origin to 200 characters\.$/],
];

describe("malformed input to the developers procedures", () => {
  let desks: Desks;
  beforeAll(async () => {
    desks = await developerDesks();
  });

  it.each(cases)("%s is a BAD_REQUEST that says why and changes nothing", async (_name, procedure, input, expected) => {
    const before = await developerState(desks.tenantA.id);
    const failure = await trpcFailureOf(procedure(desks.adminA)(input(desks)));
    expect(failure?.code).toBe("BAD_REQUEST");
    expect(sentencesOf(failure!.message).some((sentence) => expected.test(sentence))).toBe(true);
    expect(await developerState(desks.tenantA.id)).toEqual(before);
  });
});
