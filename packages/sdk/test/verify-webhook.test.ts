import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError, type WebhookVerificationErrorCode } from "../src";

// Vectors of the Standard Webhooks reference libraries (standard-webhooks/standard-webhooks,
// libraries/go/webhook_test.go and libraries/javascript/src/webhook.test.ts): the same secret, id,
// timestamp and payload, and the signature their `sign` must produce.
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const timestamp = 1614265330;
const payload = `{"test": 2432232314}`;
const referenceSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
// A well-formed signature of something else (the reference tests' "invalid signature").
const otherSignature = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
const signedAt = new Date(timestamp * 1000);

function headers(overrides: Record<string, string | undefined> = {}) {
  const all: Record<string, string | undefined> = { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": referenceSignature, ...overrides };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined)) as Record<string, string>;
}

/** Signs as a sender would, to move the timestamp. */
function sign(at: number, body = payload) {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${at}.${body}`).digest("base64")}`;
}

function failureCode(run: () => unknown): WebhookVerificationErrorCode | "no error" {
  try {
    run();
    return "no error";
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    return (error as WebhookVerificationError).code;
  }
}

describe("verifyWebhook against the Standard Webhooks reference vectors", () => {
  it("accepts the reference signature and returns the parsed payload", () => {
    expect(verifyWebhook(payload, headers(), secret, { now: signedAt })).toEqual({ test: 2432232314 });
  });

  it("accepts the secret without its whsec_ prefix, raw bytes and a Headers object", () => {
    expect(verifyWebhook(Buffer.from(payload), new Headers(headers()), secret.slice("whsec_".length), { now: signedAt })).toEqual({ test: 2432232314 });
  });

  it("accepts the reference signature among several (secret rotation), whatever their versions", () => {
    const signatures = [otherSignature, otherSignature.replace("v1,", "v2,"), referenceSignature, otherSignature].join(" ");
    expect(verifyWebhook(payload, headers({ "webhook-signature": signatures }), secret, { now: signedAt })).toEqual({ test: 2432232314 });
  });

  it("refuses the right signature under another version label", () => {
    expect(failureCode(() => verifyWebhook(payload, headers({ "webhook-signature": referenceSignature.replace("v1,", "v1a,") }), secret, { now: signedAt }))).toBe("invalid_signature");
  });

  it.each([
    ["another payload's signature", otherSignature],
    ["a truncated signature", referenceSignature.slice(0, 8)],
    ["an empty signature", "v1,"],
    ["several wrong signatures", `${otherSignature} ${otherSignature}`],
  ])("refuses %s", (_label, signature) => {
    expect(failureCode(() => verifyWebhook(payload, headers({ "webhook-signature": signature }), secret, { now: signedAt }))).toBe("invalid_signature");
  });

  it("refuses a payload changed by one character (a body parsed and serialised again)", () => {
    expect(failureCode(() => verifyWebhook(`{"test":2432232314}`, headers(), secret, { now: signedAt }))).toBe("invalid_signature");
  });

  it("refuses the reference signature under another secret", () => {
    const other = `whsec_${Buffer.from("another secret of 24 bytes!!").toString("base64")}`;
    expect(failureCode(() => verifyWebhook(payload, headers(), other, { now: signedAt }))).toBe("invalid_signature");
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])("refuses a webhook without %s", (name) => {
    expect(failureCode(() => verifyWebhook(payload, headers({ [name]: undefined }), secret, { now: signedAt }))).toBe("missing_header");
  });

  it("refuses a timestamp that is not a number", () => {
    expect(failureCode(() => verifyWebhook(payload, headers({ "webhook-timestamp": "hello" }), secret, { now: signedAt }))).toBe("invalid_timestamp");
  });

  it("refuses an empty secret and a bare whsec_", () => {
    for (const bad of ["", "whsec_", "whsec_not base64!"]) {
      expect(failureCode(() => verifyWebhook(payload, headers(), bad, { now: signedAt }))).toBe("invalid_secret");
    }
  });
});

describe("verifyWebhook against a replay", () => {
  const now = new Date((timestamp + 10_000) * 1000);
  const nowSeconds = timestamp + 10_000;

  it("accepts a webhook signed within the tolerance either way", () => {
    for (const at of [nowSeconds - 300, nowSeconds, nowSeconds + 300]) {
      expect(verifyWebhook(payload, headers({ "webhook-timestamp": String(at), "webhook-signature": sign(at) }), secret, { now })).toEqual({ test: 2432232314 });
    }
  });

  it("refuses a captured webhook sent again after the tolerance, though its signature is right", () => {
    const at = nowSeconds - 301;
    expect(failureCode(() => verifyWebhook(payload, headers({ "webhook-timestamp": String(at), "webhook-signature": sign(at) }), secret, { now }))).toBe("timestamp_too_old");
  });

  it("refuses a timestamp too far in the future", () => {
    const at = nowSeconds + 301;
    expect(failureCode(() => verifyWebhook(payload, headers({ "webhook-timestamp": String(at), "webhook-signature": sign(at) }), secret, { now }))).toBe("timestamp_too_new");
  });

  it("refuses a replay with the timestamp moved forward (the signature covers it)", () => {
    expect(failureCode(() => verifyWebhook(payload, headers({ "webhook-timestamp": String(nowSeconds) }), secret, { now }))).toBe("invalid_signature");
  });

  it("takes a tolerance of its own", () => {
    const at = nowSeconds - 60;
    const signed = headers({ "webhook-timestamp": String(at), "webhook-signature": sign(at) });
    expect(failureCode(() => verifyWebhook(payload, signed, secret, { now, toleranceSeconds: 30 }))).toBe("timestamp_too_old");
    expect(failureCode(() => verifyWebhook(payload, signed, secret, { now, toleranceSeconds: 90 }))).toBe("no error");
  });

  it("refuses a signed body that is not JSON", () => {
    const at = nowSeconds;
    expect(failureCode(() => verifyWebhook("not json", headers({ "webhook-timestamp": String(at), "webhook-signature": sign(at, "not json") }), secret, { now }))).toBe("invalid_payload");
  });
});

describe("verifyWebhook against Rekey's own signer", () => {
  // core signs what the webhook worker sends (webhooks/sign-webhook.ts); the SDK must accept it,
  // also during a secret rotation, when both secrets sign.
  it("accepts a webhook signed by core, with one secret and with the old and new secret of a rotation", async () => {
    const { generateWebhookSecret, signWebhook } = await import("../../core/src/webhooks/sign-webhook");
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = JSON.stringify({ type: "session.revoked", data: { sessionId: "ses_x" } });
    const at = Math.floor(Date.now() / 1000);
    for (const secrets of [[current], [current, previous]]) {
      const signature = signWebhook({ secrets, id: "evt_rotation", timestamp: at, body });
      const headers = { "webhook-id": "evt_rotation", "webhook-timestamp": String(at), "webhook-signature": signature };
      for (const secret of secrets) expect(verifyWebhook(body, headers, secret)).toMatchObject({ type: "session.revoked" });
      expect(failureCode(() => verifyWebhook(body, headers, generateWebhookSecret()))).toBe("invalid_signature");
    }
  });
});
