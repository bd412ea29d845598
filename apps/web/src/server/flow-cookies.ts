import "server-only";
import { isSecureOrigin } from "./env";
import { tenantCookieName } from "./session-cookie";

// More HttpOnly cookies beside the session (SECURITY.md S9): the sign-in challenge of a
// password-correct sign-in waiting for its second factor, the long-lived device cookie that
// lets the server recognise (and, when asked, remember) this browser, and the account recovery
// a locked-out person started here. All are opaque tokens the
// api hashes at rest; `__Host-` pins them to this origin on https, like the session cookie.

/** A sign-in challenge lives ten minutes on the server; the cookie no longer. */
export const CHALLENGE_COOKIE_MAX_AGE_SECONDS = 10 * 60;
/** An account recovery runs for its waiting period plus a day at most (31 days by tenant policy). */
export const RECOVERY_COOKIE_MAX_AGE_SECONDS = 31 * 24 * 60 * 60;
/** Browsers cap cookie lifetimes at 400 days; the server decides what "remembered" means. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

export function challengeCookieName(tenantSlug: string): string {
  return tenantCookieName("challenge", tenantSlug);
}

export function deviceCookieName(tenantSlug: string): string {
  return tenantCookieName("device", tenantSlug);
}

/** The account recovery ("ask my trusted contacts") this browser started. */
export function recoveryCookieName(tenantSlug: string): string {
  return tenantCookieName("recovery", tenantSlug);
}

export function flowCookieOptions(maxAge: number) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: isSecureOrigin(), maxAge };
}

export type CookieJar = { get(name: string): { value: string } | undefined };

export type FlowTokens = { deviceToken: string | null; challengeToken: string | null; recoveryToken: string | null };

/** A tenant's device, challenge and recovery cookies of a request, as `createContext` takes them. */
export function flowTokens(jar: CookieJar, tenantSlug: string): FlowTokens {
  return {
    deviceToken: jar.get(deviceCookieName(tenantSlug))?.value ?? null,
    challengeToken: jar.get(challengeCookieName(tenantSlug))?.value ?? null,
    recoveryToken: jar.get(recoveryCookieName(tenantSlug))?.value ?? null,
  };
}
