import { createHmac, randomBytes } from "node:crypto";

// Standard Webhooks (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md),
// symmetric scheme: HMAC-SHA256 over "<webhook-id>.<webhook-timestamp>.<body>", keyed by the
// base64-decoded secret after its "whsec_" prefix, sent as "v1,<base64>". Several signatures are
// space-separated (the new and the old secret during a rotation); a receiver accepts any one.
// node:crypto rather than the `standardwebhooks` package: signing is these few lines, and the
// package's pure-JS SHA-256 is slower; the tests check ours against the package and the spec's vector.

export const webhookSecretPrefix = "whsec_";

/** 32 random bytes (S1): the spec asks for 24 to 64. Shown once; stored sealed (secret-box.ts). */
export function generateWebhookSecret(): string {
  return `${webhookSecretPrefix}${randomBytes(32).toString("base64")}`;
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(webhookSecretPrefix) ? secret.slice(webhookSecretPrefix.length) : secret;
  const key = Buffer.from(encoded, "base64");
  if (key.length === 0) throw new Error("Empty webhook secret");
  return key;
}

export type SignWebhookOptions = {
  /** Current secret first; the previous one too while a rotation overlaps. */
  secrets: string[];
  /** The webhook-id: our event id, which never holds a "." (the spec's delimiter). */
  id: string;
  /** Unix seconds, the webhook-timestamp header. */
  timestamp: number;
  /** The exact bytes sent as the body. */
  body: string;
};

/** The `webhook-signature` header value. */
export function signWebhook(options: SignWebhookOptions): string {
  const { secrets, id, timestamp, body } = options;
  if (id.includes(".")) throw new Error("A webhook id must not contain '.'");
  const signed = `${id}.${timestamp}.${body}`;
  return secrets.map((secret) => `v1,${createHmac("sha256", secretKey(secret)).update(signed, "utf8").digest("base64")}`).join(" ");
}
