import { z } from "zod";
import { returnOriginSchema } from "./return-origins";

// A tenant's policy. Stored as JSON; every field has a default in code, so an empty object is a
// valid policy and a later issue can add a field without migrating data. Bounds keep a tenant
// from configuring itself into an insecure corner (e.g. a 0-minute lockout).
export const tenantPolicySchema = z.object({
  sessions: z
    .object({
      /** Signed out after this long without a request (S10). */
      idleMinutes: z.number().int().min(5).max(60 * 24 * 30).default(60 * 24 * 3),
      /** Signed out this long after sign-in, however active (S10). */
      absoluteMinutes: z.number().int().min(15).max(60 * 24 * 90).default(60 * 24 * 14),
    })
    .prefault({}),
  signIn: z
    .object({
      /** Consecutive failures per account before back-off starts (S6; N4 allows up to 100). */
      maxFailuresPerAccount: z.number().int().min(3).max(50).default(10),
      /** Failures per IP address in a 15-minute window, across all accounts. */
      maxFailuresPerIp: z.number().int().min(10).max(1000).default(100),
    })
    .prefault({}),
  factors: z
    .object({
      /** Second factors the tenant's users may enrol. SMS is never the only one allowed (S16). */
      allowed: z
        .array(z.enum(["totp", "sms", "webauthn"]))
        .min(1)
        .default(["totp", "sms", "webauthn"])
        .refine((allowed) => !(allowed.length === 1 && allowed[0] === "sms"), "SMS cannot be the only second factor a tenant allows"),
      /** Every user must enrol a second factor (enrolment becomes part of sign-up). */
      requireSecondFactor: z.boolean().default(false),
      /** "Remember this browser": days a browser may skip the second factor. 0 turns it off. */
      rememberBrowserDays: z.number().int().min(0).max(90).default(30),
      /** Sensitive changes need a sign-in or step-up at most this many minutes old (S12). */
      stepUpMinutes: z.number().int().min(1).max(60).default(10),
    })
    .prefault({}),
  recoveryCodes: z
    .object({
      /** A set of single-use codes, or one long key that is replaced each time it is used. */
      style: z.enum(["set", "key"]).default("set"),
      /** Codes in a set (ignored for a key). */
      count: z.number().int().min(8).max(16).default(10),
      /** With this many or fewer codes left, the owner is warned to make a new set (S23). */
      warnAtOrBelow: z.number().int().min(0).max(5).default(3),
    })
    .prefault({}),
  contacts: z
    .object({
      /** Trusted contacts (S24): people who can vouch for the owner when every factor is lost. */
      enabled: z.boolean().default(true),
      /** At most this many contacts per account. */
      max: z.number().int().min(1).max(5).default(5),
      /** Codes from this many different contacts are needed; an owner may ask for more, never fewer. */
      threshold: z.number().int().min(1).max(5).default(2),
      /** A newly accepted contact can help only after this many days (an intruder who swaps the list must wait). */
      coolingOffDays: z.number().int().min(1).max(60).default(7),
      /** Without the password, a recovery completes only after every channel was notified this long ago (S25). */
      waitingHours: z.number().int().min(1).max(24 * 30).default(24),
    })
    .prefault({})
    .refine((contacts) => contacts.threshold <= contacts.max, "contacts.threshold cannot be more than contacts.max"),
  recovery: z
    .object({
      /**
       * After a recovery beyond recovery codes, removing contacts, changing the email address and
       * turning two-step verification off are refused for this many days.
       */
      freezeDays: z.number().int().min(0).max(30).default(3),
    })
    .prefault({}),
  support: z
    .object({
      /** "Ask support to recover my account", the last rung of the ladder. */
      enabled: z.boolean().default(true),
      /**
       * No approval takes effect before a request is this old (S26): every channel of the account
       * was told and could cancel. Login.gov waits 24 hours, GitHub up to 3 business days.
       */
      waitingHours: z.number().int().min(24).max(24 * 30).default(72),
      /** When a second lead must approve too: on every request, or on risky ones only. */
      secondApprover: z.enum(["always", "risky"]).default("risky"),
      /** The tenant's own evidence questions, asked on the request form besides the standard ones. */
      questions: z.array(z.string().trim().min(3).max(200)).max(5).default([]),
      /** An undecided request closes after this many days. */
      ticketDays: z.number().int().min(7).max(90).default(30),
    })
    .prefault({}),
  api: z
    .object({
      /** Calls one tenant API key may make per minute (about 100 a second by default). */
      requestsPerMinute: z.number().int().min(60).max(600_000).default(6_000),
      /**
       * Origins of the tenant's own apps that the hosted sign-in may send people back to, with a
       * one-time code the app's server exchanges for a session (tenant API `sessions.exchange`).
       * Exact origins (`https://app.example.com`); http only for localhost. Nothing else is a
       * place the hosted pages redirect to (no open redirect).
       */
      returnOrigins: z
        .array(returnOriginSchema)
        .max(10)
        .default([])
        .refine((origins) => new Set(origins).size === origins.length, "api.returnOrigins lists an origin twice"),
    })
    .prefault({}),
});

export type TenantPolicy = z.infer<typeof tenantPolicySchema>;

/** Parses a stored policy; an unreadable one is a configuration fault, not a reason to relax. */
export function parseTenantPolicy(stored: unknown): TenantPolicy {
  return tenantPolicySchema.parse(stored ?? {});
}

export const defaultTenantPolicy: TenantPolicy = parseTenantPolicy({});
