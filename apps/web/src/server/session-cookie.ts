import "server-only";
import { DEFAULT_TENANT } from "@/lib/tenant-href";
import { isSecureOrigin } from "./env";

// The browser holds the opaque server-side session token and nothing else (architecture.md,
// "Sessions"). `__Host-` pins the cookie to this exact origin, path "/" and Secure (S9).

/**
 * A cookie of Rekey's for one tenant: `rekey.session` for the default tenant, `rekey-demo.session`
 * for "demo". One browser can be signed in to two tenants, and signing out of one (or a device
 * cookie made in one) never touches the other. No name may begin with another: next-auth takes
 * every cookie that starts with its session cookie's name for a chunk of it, and clears them.
 */
export function tenantCookieName(kind: "session" | "challenge" | "device" | "recovery", tenantSlug: string): string {
  const name = tenantSlug === DEFAULT_TENANT ? `rekey.${kind}` : `rekey-${tenantSlug}.${kind}`;
  return isSecureOrigin() ? `__Host-${name}` : name;
}

export function sessionCookieName(tenantSlug: string): string {
  return tenantCookieName("session", tenantSlug);
}

export function sessionCookieOptions() {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: isSecureOrigin(),
  };
}
