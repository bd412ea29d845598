import { describe, expect, it } from "vitest";
import { errorCodeOf } from "./support";
import { makeApiKey, tenantCaller } from "./tenant-api-fixtures";
import { webhookSnapshot } from "./tenant-api-webhook-fixtures";

// The configuration as in production: REKEY_WEBHOOK_ALLOW_LOCAL is unset in this file, so a key
// cannot point Rekey's worker at the network it runs in (S30's "nothing changed" holds as well).

describe("tenant API webhooks against SSRF", () => {
  it.each([
    ["plain http", "http://hooks.example.com/rekey"],
    ["http to this machine", "http://127.0.0.1:8080/hook"],
    ["loopback over https", "https://127.0.0.1/hook"],
    ["localhost (resolves to 127.0.0.1)", "https://localhost:3000/hook"],
    ["cloud metadata", "https://169.254.169.254/latest/meta-data/iam/"],
    ["a private address", "https://10.1.2.3/hook"],
    ["carrier-grade NAT", "https://100.100.100.200/hook"],
    ["IPv6 loopback", "https://[::1]/hook"],
    ["IPv6 unique local", "https://[fd00::1]/hook"],
    ["IPv4-mapped loopback", "https://[::ffff:7f00:1]/hook"],
    ["a single-label name", "https://vm/hook"],
    ["credentials in the URL", "https://admin:hunter2@hooks.example.com/hook"],
  ])("refuses %s on create and on update, saving nothing", async (_name, url) => {
    const { key, tenantId } = await makeApiKey({ scopes: ["webhooks:write", "events:read"] });
    const api = await tenantCaller(key);
    const before = await webhookSnapshot(tenantId);
    const failure = await api.webhooks.create({ url }).catch((error: Error) => error);
    expect(await errorCodeOf(Promise.reject(failure))).toBe("BAD_REQUEST");
    expect((failure as Error).message).not.toContain("hunter2");
    expect(await webhookSnapshot(tenantId)).toBe(before);
    expect(await errorCodeOf(api.webhooks.update({ endpointId: "whe_AAAAAAAAAAAAAAAAAAAAAA", url }))).toBe("BAD_REQUEST");
  });
});
