import { createHmac, timingSafeEqual } from "node:crypto";

// Standard Webhooks (https://www.standardwebhooks.com, spec/standard-webhooks.md): the
// `webhook-id`, `webhook-timestamp` and `webhook-signature` headers; a `v1,` signature is the
// base64 HMAC-SHA256 of `${id}.${timestamp}.${payload}` keyed by the secret's bytes (base64 after
// `whsec_`). The header may carry several signatures (during a secret rotation): one match is
// enough. The timestamp is checked against a tolerance so that a captured webhook cannot be
// replayed later; the id is the idempotency key against one delivered twice.

export type WebhookVerificationErrorCode =
  | "invalid_secret"
  | "missing_header"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "invalid_signature"
  | "invalid_payload";

export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  constructor(
    readonly code: WebhookVerificationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A Rekey event as delivered: `type` names it (`session.revoked`, ...); its fields depend on it. */
export type RekeyWebhookEvent = { type: string; [field: string]: unknown };

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export type VerifyWebhookOptions = {
  /** How far the timestamp may be from now, either way. 300 by default, as the spec suggests. */
  toleranceSeconds?: number;
  /** The time to check against (tests); now otherwise. */
  now?: Date;
};

/**
 * Checks a webhook's signature and timestamp, then parses it. `payload` must be the body exactly as
 * received (a string or the raw bytes): a body parsed and serialised again no longer matches.
 * Throws `WebhookVerificationError` with a `code`.
 */
export function verifyWebhook<Event = RekeyWebhookEvent>(
  payload: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyWebhookOptions = {},
): Event {
  const key = secretBytes(secret);
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError("missing_header", "The webhook-id, webhook-timestamp and webhook-signature headers are all required.");
  }
  if (!/^\d{1,12}$/.test(timestamp)) throw new WebhookVerificationError("invalid_timestamp", "webhook-timestamp is not a Unix time in seconds.");
  const sentAt = Number(timestamp);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (now - sentAt > tolerance) throw new WebhookVerificationError("timestamp_too_old", `The webhook was signed more than ${tolerance} s ago.`);
  if (sentAt - now > tolerance) throw new WebhookVerificationError("timestamp_too_new", `The webhook's timestamp is more than ${tolerance} s in the future.`);

  const body = typeof payload === "string" ? Buffer.from(payload, "utf8") : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
  let matched = false;
  for (const candidate of signatures.split(" ")) {
    const [version, encoded] = candidate.split(",", 2);
    if (version !== "v1" || !encoded) continue;
    const given = Buffer.from(encoded, "base64");
    // Every candidate is compared (no early exit), in constant time for equal lengths.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  if (!matched) throw new WebhookVerificationError("invalid_signature", "No webhook-signature matches this payload and secret.");

  try {
    return JSON.parse(body.toString("utf8")) as Event;
  } catch {
    throw new WebhookVerificationError("invalid_payload", "The webhook's signature is right but its body is not JSON.");
  }
}

function secretBytes(secret: string): Buffer {
  const encoded = typeof secret === "string" && secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  if (typeof encoded !== "string" || encoded === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new WebhookVerificationError("invalid_secret", "The webhook secret must be the whsec_... value shown for the endpoint.");
  }
  return Buffer.from(encoded, "base64");
}

function header(headers: WebhookHeaders, name: string): string | null {
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(name);
  const record = headers as Record<string, string | string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    const found = Object.keys(record).find((key) => key.toLowerCase() === name);
    value = found === undefined ? undefined : record[found];
  }
  if (Array.isArray(value)) return value.join(" ");
  return value ?? null;
}
