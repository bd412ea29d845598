import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkWebhookUrl, isPublicAddress } from "../../src/webhooks/check-webhook-url";
import { createWebhookTransport } from "../../src/webhooks/send-webhook-request";
import { isAppError } from "../../src/errors/app-error";
import { productionPolicy, startReceiver, type Receiver } from "./webhook-fixtures";

// A tenant chooses the URL and our worker sends to it: these stop a tenant from making Rekey
// reach into its own network (cloud metadata, admin ports, internal services).

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

async function refusal(url: string, policy = productionPolicy({ "hooks.example.com": ["93.184.216.34"] })) {
  try {
    await checkWebhookUrl({ url, policy });
    return "accepted";
  } catch (error) {
    if (!isAppError(error)) throw error;
    return error.code;
  }
}

describe("webhook URLs in a production-like configuration", () => {
  it("accept https to a public host", async () => {
    expect(await checkWebhookUrl({ url: "https://hooks.example.com/rekey?x=1", policy: productionPolicy({ "hooks.example.com": ["93.184.216.34", "2606:2800:220:1::1"] }) })).toBe(
      "https://hooks.example.com/rekey?x=1",
    );
  });

  it.each([
    ["plain http", "http://hooks.example.com/rekey"],
    ["loopback", "https://127.0.0.1/hook"],
    ["loopback, other spelling", "https://127.1/hook"],
    ["loopback, decimal", "https://2130706433/hook"],
    ["private 10/8", "https://10.0.0.5/hook"],
    ["private 172.16/12", "https://172.16.3.4/hook"],
    ["private 192.168/16", "https://192.168.1.1/hook"],
    ["cloud metadata (link-local)", "https://169.254.169.254/latest/meta-data/"],
    ["carrier-grade NAT", "https://100.64.0.1/hook"],
    ["unspecified", "https://0.0.0.0/hook"],
    ["multicast", "https://224.0.0.1/hook"],
    ["IPv6 loopback", "https://[::1]/hook"],
    ["IPv6 unique local", "https://[fd12:3456::1]/hook"],
    ["IPv6 link-local", "https://[fe80::1]/hook"],
    ["IPv4-mapped IPv6 loopback", "https://[::ffff:127.0.0.1]/hook"],
    ["NAT64 of loopback", "https://[64:ff9b::7f00:1]/hook"],
    ["localhost", "https://localhost/hook"],
    ["a .localhost name", "https://app.localhost/hook"],
    ["a single-label intranet name", "https://intranet/hook"],
    ["credentials in the URL", "https://user:pass@hooks.example.com/hook"],
    ["not a URL", "hooks.example.com/hook"],
    ["another scheme", "ftp://hooks.example.com/hook"],
    ["an unresolvable host", "https://nowhere.example.net/hook"],
  ])("refuse %s", async (_name, url) => {
    expect(await refusal(url)).toBe("BAD_REQUEST");
  });

  it("refuse a host name that resolves to 127.0.0.1, or to a private address among public ones", async () => {
    expect(await refusal("https://rebind.example.com/hook", productionPolicy({ "rebind.example.com": ["127.0.0.1"] }))).toBe("BAD_REQUEST");
    expect(await refusal("https://mixed.example.com/hook", productionPolicy({ "mixed.example.com": ["93.184.216.34", "10.1.2.3"] }))).toBe("BAD_REQUEST");
  });

  it("classify only public unicast addresses as public", () => {
    expect(["8.8.8.8", "93.184.216.34", "2606:4700::1111"].every(isPublicAddress)).toBe(true);
    expect(["127.0.0.1", "10.0.0.1", "::1", "fc00::1", "::ffff:10.0.0.1", "2002:7f00:1::1", "255.255.255.255", "::7f00:1", "::a9fe:a9fe", "not-an-ip"].some(isPublicAddress)).toBe(false);
  });
});

describe("a webhook delivery (the request itself)", () => {
  it("refuses a name that passed the check but now resolves to 127.0.0.1 (DNS rebinding): the receiver gets nothing", async () => {
    let answers = ["93.184.216.34"];
    const policy = { allowLocal: false, resolve: async () => answers.map((address) => ({ address, family: 4 })) };
    const port = new URL(receiver.url).port;
    await expect(checkWebhookUrl({ url: `https://rebind.example.com:${port}/hooks/rekey`, policy })).resolves.toBeTruthy();
    answers = ["127.0.0.1"];
    const send = createWebhookTransport(policy);
    const before = receiver.received.length;
    await expect(send({ url: `https://rebind.example.com:${port}/hooks/rekey`, headers: {}, body: "{}", timeoutMs: 2_000 })).rejects.toThrow(/private, loopback or reserved/);
    expect(receiver.received.length).toBe(before);
  });

  it("refuses an IP literal URL to a private address even if it was stored before the rules", async () => {
    const send = createWebhookTransport(productionPolicy());
    await expect(send({ url: "https://169.254.169.254/latest/meta-data/", headers: {}, body: "{}", timeoutMs: 2_000 })).rejects.toThrow(/private, loopback or reserved/);
  });

  it("connects to the address its own lookup checked (the name is pinned to it), not a second resolution", async () => {
    // Development policy so plain http to 127.0.0.1 is allowed: the host name exists only in our
    // resolver, so the request can only arrive if the connection used the address we returned.
    let lookups = 0;
    const policy = { allowLocal: true, resolve: async () => (lookups++, [{ address: "127.0.0.1", family: 4 }]) };
    const port = new URL(receiver.url).port;
    receiver.answer(204);
    const answer = await createWebhookTransport(policy)({ url: `http://pinned.example.invalid:${port}/hooks/rekey`, headers: {}, body: "{}", timeoutMs: 2_000 });
    expect(answer.status).toBe(204);
    expect(lookups).toBe(1);
    expect(receiver.received.at(-1)?.headers.host).toBe(`pinned.example.invalid:${port}`);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    receiver.hang();
    const started = Date.now();
    await expect(createWebhookTransport({ allowLocal: true, resolve: async () => [] })({ url: receiver.url, headers: {}, body: "{}", timeoutMs: 300 })).rejects.toThrow(/No answer within/);
    expect(Date.now() - started).toBeLessThan(3_000);
    receiver.answer(204);
  });
});
