import type { Db } from "../db/client";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { systemClock, type Clock } from "../clock";
import { sessionRestriction, type SessionRestriction } from "./session-restriction";
import { verifySession } from "./verify-session";

/**
 * How strongly a session was signed in: `password` alone; `two_factor` (a second factor, a
 * remembered browser or a recovery code after the password); `passkey` (a passkey whose
 * authenticator verified the user, which counts as two factors on its own); `recovery` (an account
 * recovery that still owes a new second factor).
 */
export type AuthenticationLevel = "password" | "two_factor" | "passkey" | "recovery";

export type InspectedSession =
  | { active: false }
  | {
      active: true;
      sessionId: string;
      userId: string;
      tenantId: string;
      email: string;
      name: string;
      methods: string[];
      level: AuthenticationLevel;
      createdAt: Date;
      lastSeenAt: Date;
      authenticatedAt: Date;
      expiresAt: Date;
      /** A step the session owes before the hosted pages let it do anything else. */
      restriction: SessionRestriction;
    };

export type InspectSessionOptions = { db: Db; tenant: Tenant; token: string; clock?: Clock };

const secondFactorMethods = new Set(["totp", "sms", "webauthn", "trusted_browser", "recovery_code"]);

/**
 * A tenant app asks about a session token one of its users carries. A token that is unknown,
 * revoked, expired, idle too long, of a disabled account or of another tenant is `{ active: false }`,
 * never an error, so the app's one branch is "signed in or not" (RFC 7662 introspection answers
 * the same way). The same checks as the hosted pages' own (S10, S11).
 */
export async function inspectSession(options: InspectSessionOptions): Promise<InspectedSession> {
  const { db, tenant, token, clock = systemClock } = options;
  const session = await verifySession({ db, tenantId: tenant.id, policy: tenant.policy, token, now: clock.now(), acceptHandedOff: true });
  if (!session) return { active: false };
  return {
    active: true,
    sessionId: session.sessionId,
    userId: session.userId,
    tenantId: session.tenantId,
    email: session.user.email,
    name: session.user.name,
    methods: session.methods,
    level: authenticationLevel(session),
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    authenticatedAt: session.authenticatedAt,
    expiresAt: session.expiresAt,
    restriction: sessionRestriction(session, tenant.policy),
  };
}

export function authenticationLevel(session: { methods: string[]; secondFactorDue: boolean }): AuthenticationLevel {
  if (session.secondFactorDue) return "recovery";
  if (session.methods.includes("passkey")) return "passkey";
  if (session.methods.some((method) => secondFactorMethods.has(method))) return "two_factor";
  return "password";
}
