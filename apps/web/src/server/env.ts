import "server-only";
import { z } from "zod";

// The only module in apps/web that reads process.env. Validated on first use rather than at
// import time, so `next build` can load route modules without a full configuration.

// Unset and empty get the same message: zod's own for a missing string names no remedy.
const nextAuthSecretRequired = "NEXTAUTH_SECRET is required (any long random string)";

const envSchema = z.object({
  /**
   * next-auth signs its CSRF and callback cookies with it. Required: a random per-process default
   * would break every open form on restart, so the dev orchestrator provides one.
   */
  NEXTAUTH_SECRET: z.string({ error: nextAuthSecretRequired }).min(1, nextAuthSecretRequired),
  /** Public origin of the web app: cookie security and next-auth's URLs are derived from it. */
  APP_ORIGIN: z
    .string()
    .url()
    .default("http://localhost:3000")
    .transform((value) => new URL(value).origin),
  NEXTAUTH_URL: z.string().url().optional(),
  /**
   * "1" when the app runs behind exactly one reverse proxy that sets X-Real-IP or appends to
   * X-Forwarded-For. Without it those headers are client-controlled and ignored (see request-info.ts).
   */
  TRUST_PROXY: z
    .enum(["0", "1"])
    .default("0")
    .transform((value) => value === "1"),
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
}).superRefine((config, ctx) => {
  // A typed secret is guessable; 32 random bytes in base64url are 43 characters with about 30 distinct.
  if (config.NODE_ENV === "production" && (config.NEXTAUTH_SECRET.length < 32 || new Set(config.NEXTAUTH_SECRET).size < 12)) {
    ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "is too weak for production: use 32 random bytes (openssl rand -base64 32)" });
  }
});

export type WebEnv = z.infer<typeof envSchema>;

let cached: WebEnv | undefined;

export function env(): WebEnv {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid web configuration:\n${problems}`);
  }
  cached = parsed.data;
  // next-auth reads NEXTAUTH_URL itself; without it it would trust the Host header for its URLs.
  if (!cached.NEXTAUTH_URL) process.env.NEXTAUTH_URL = `${cached.APP_ORIGIN}/api/auth`;
  return cached;
}

/** Secure cookies (and the `__Host-` prefix) whenever the public origin is https. */
export function isSecureOrigin(): boolean {
  return env().APP_ORIGIN.startsWith("https:");
}
