import "server-only";
import type { NextRequest } from "next/server";
import { TENANT_HEADER } from "@/lib/tenant-header";
import { isTenantSlug } from "@/lib/tenant-href";
import { env } from "./env";
import { flowTokens, type CookieJar, type FlowTokens } from "./flow-cookies";
import { sessionCookieName } from "./session-cookie";

/**
 * The tenant of a request to /api/auth: the one proxy.ts read from the URL path
 * (`/t/<slug>/api/...`, or the default tenant for plain `/api/...`). proxy.ts drops any
 * x-rekey-* header a client sent, so this is the path's tenant, never a client's claim. Without
 * it (the proxy did not run) there is no tenant and the route answers 404.
 */
export function apiRequestTenant(req: NextRequest): string | null {
  const slug = req.headers.get(TENANT_HEADER);
  return slug && isTenantSlug(slug) ? slug : null;
}

/** What the same-site rule reads of a request (a NextRequest is one). */
export type ApiRequest = { headers: { get(name: string): string | null }; cookies: CookieJar };

/**
 * The session cookie, but only on requests made by this site's own pages. A browser attaches
 * cookies to cross-site requests too; there they prove nothing, so they are ignored (CSRF).
 */
export function sameSiteSessionToken(req: ApiRequest, tenantSlug: string): string | null {
  if (!isSameSite(req)) return null;
  return req.cookies.get(sessionCookieName(tenantSlug))?.value ?? null;
}

/** The device, sign-in challenge and recovery cookies, under the same same-site rule as the session. */
export function sameSiteFlowTokens(req: ApiRequest, tenantSlug: string): FlowTokens {
  if (!isSameSite(req)) return { deviceToken: null, challengeToken: null, recoveryToken: null };
  return flowTokens(req.cookies, tenantSlug);
}

function isSameSite(req: ApiRequest): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = req.headers.get("origin");
  return !(origin && origin !== env().APP_ORIGIN);
}
