import { describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { generateWebhookSecret, signWebhook } from "../../src/webhooks/sign-webhook";

// Receivers verify us with the Standard Webhooks libraries; a signature they reject is a webhook
// they drop (or, worse, a receiver that gives up checking). These pin our signing to the spec.

describe("webhook signatures", () => {
  it("match the Standard Webhooks reference vector (the spec libraries' 'sign function works' test)", () => {
    // libraries/javascript/src/webhook.test.ts, libraries/python/tests/test_webhooks.py and
    // libraries/go/webhook_test.go all expect this signature for these inputs.
    const signature = signWebhook({
      secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
    });
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("are accepted by the reference library's verify, and a changed body, id or timestamp is refused", () => {
    const secret = generateWebhookSecret();
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: "account.signed_in", timestamp: new Date().toISOString(), data: { id: "evt_x" } });
    const headers = { "webhook-id": "evt_abc", "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook({ secrets: [secret], id: "evt_abc", timestamp, body }) };
    const receiver = new Webhook(secret);
    expect(receiver.verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => receiver.verify(body.replace("signed_in", "signed_out"), headers)).toThrow();
    expect(() => receiver.verify(body, { ...headers, "webhook-id": "evt_abd" })).toThrow();
    expect(() => receiver.verify(body, { ...headers, "webhook-timestamp": String(timestamp - 1) })).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("carry two signatures during a rotation, each verifiable with its own secret", () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"type":"factor.added"}';
    const header = signWebhook({ secrets: [current, previous], id: "evt_rot", timestamp, body });
    expect(header.split(" ")).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(new Webhook(secret).verify(body, { "webhook-id": "evt_rot", "webhook-timestamp": String(timestamp), "webhook-signature": header })).toEqual(JSON.parse(body));
    }
  });

  it("use whsec_ secrets of 32 random bytes, never the same twice", () => {
    const secrets = new Set(Array.from({ length: 50 }, generateWebhookSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    }
  });

  it("refuse an id with a '.', which would let one signed string pass for another", () => {
    expect(() => signWebhook({ secrets: [generateWebhookSecret()], id: "evt.1", timestamp: 1, body: "{}" })).toThrow();
  });
});
