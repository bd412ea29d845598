// The only module in @rekey/core that reads process.env. Validated once, at first use.
import { z } from "zod";

const keyringSchema = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    // "kid1:base64key,kid2:base64key": the first key seals, every key opens (rotation).
    const keys = value.split(",").map((entry) => {
      const [id, material] = entry.trim().split(":");
      const bytes = Buffer.from(material ?? "", "base64");
      if (!id || bytes.length !== 32) {
        ctx.addIssue({ code: "custom", message: `REKEY_ENCRYPTION_KEYS: key "${id ?? ""}" must be 32 bytes of base64` });
      }
      return { id: id ?? "", key: bytes };
    });
    return keys;
  });

const envSchema = z.object({
  DATABASE_URL: z.string().url(),
  /** Public origin of the web app; every emailed link is built from it, never from a Host header. */
  APP_ORIGIN: z.string().url().default("http://localhost:3000"),
  REKEY_ENCRYPTION_KEYS: keyringSchema,
  /** smtp:// or smtps:// URL; unset means messages stay in the outbox for the dev mail viewer. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("Rekey <no-reply@rekey.localhost>"),
  /** Shows /dev/mail (the development mail viewer). Never on in production. */
  REKEY_DEV_MAILBOX: z
    .enum(["0", "1"])
    .default("0")
    .transform((value) => value === "1"),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Where text messages go: "twilio" (a Twilio-compatible Messages API) or "console" (development: they stay in /dev/mail). */
  SMS_PROVIDER: z.enum(["twilio", "console"]).default("console"),
  TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  /** Never logged. */
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  /** Sender number in E.164, or a Messaging Service SID ("MG..."). */
  TWILIO_FROM: z.string().min(1).optional(),
  /** Base URL of the Messages API; another Twilio-compatible provider, or a local fake in tests. */
  TWILIO_API_BASE: z.string().url().default("https://api.twilio.com"),
  /**
   * Lets webhook endpoints use http:// and private or loopback addresses (a receiver on this
   * machine). Development and tests only: refused in production, where endpoints must be https://
   * on public addresses (core/webhooks/check-webhook-url.ts).
   */
  REKEY_WEBHOOK_ALLOW_LOCAL: z
    .enum(["0", "1"])
    .default("0")
    .transform((value) => value === "1"),
  /** How often the worker numbers new security events and queues their webhooks, in milliseconds. */
  REKEY_EVENTS_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** pino's level for the JSON logs on stdout. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Serves Prometheus metrics on this port (GET /metrics), apart from the public one; unset: none. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** The metrics port's interface: loopback unless a scraper elsewhere needs it (0.0.0.0 in a container). */
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** How long a SIGTERM waits for requests and jobs in flight before it closes what is left. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
}).superRefine((config, ctx) => {
  if (config.NODE_ENV === "production") checkProductionSecrets(config, ctx);
  if (config.SMS_PROVIDER !== "twilio") return;
  for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"] as const) {
    if (!config[name]) ctx.addIssue({ code: "custom", path: [name], message: "required when SMS_PROVIDER is twilio" });
  }
  // The auth token travels in every request's Authorization header.
  if (config.NODE_ENV === "production" && !config.TWILIO_API_BASE.startsWith("https://")) {
    ctx.addIssue({ code: "custom", path: ["TWILIO_API_BASE"], message: "must be https:// in production" });
  }
});

/**
 * Production refuses what works on a laptop but not for real: a public origin over plain http
 * (cookies without Secure, links that can be rewritten on the way) and a key that was typed
 * rather than generated. A random 32-byte key has about 30 distinct bytes; fewer than 16 means a
 * repeated pattern or a passphrase.
 */
function checkProductionSecrets(config: { APP_ORIGIN: string; REKEY_ENCRYPTION_KEYS: { id: string; key: Buffer }[] }, ctx: z.RefinementCtx) {
  const origin = new URL(config.APP_ORIGIN);
  if (origin.protocol !== "https:" && !isLoopbackHost(origin.hostname)) {
    ctx.addIssue({ code: "custom", path: ["APP_ORIGIN"], message: "must be https:// in production (http only for localhost)" });
  }
  for (const { id, key } of config.REKEY_ENCRYPTION_KEYS) {
    if (key.length === 32 && new Set(key).size < 16) {
      ctx.addIssue({ code: "custom", path: ["REKEY_ENCRYPTION_KEYS"], message: `key "${id}" is too weak: use 32 random bytes (openssl rand -base64 32)` });
    }
  }
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  if (parsed.data.NODE_ENV === "production" && parsed.data.REKEY_DEV_MAILBOX) {
    throw new Error("Invalid configuration: the development mailbox is refused in production");
  }
  if (parsed.data.NODE_ENV === "production" && parsed.data.REKEY_WEBHOOK_ALLOW_LOCAL) {
    throw new Error("Invalid configuration: REKEY_WEBHOOK_ALLOW_LOCAL is refused in production (webhooks to private addresses)");
  }
  cached = parsed.data;
  return cached;
}
