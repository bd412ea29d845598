import { type NextRequest, NextResponse } from "next/server";
import { DEFAULT_TENANT, TENANT_PATH_PREFIX } from "@/lib/tenant-href";
import { TENANT_HEADER } from "@/lib/tenant-header";
import { pageContentSecurityPolicy } from "./security-headers";

// Tenant routing (architecture.md, "Tenancy"). Pages live under app/t/[tenant]; the default
// tenant is served at the plain URLs, so `/sign-in` is rewritten to `/t/default/sign-in`.
// next-auth's routes (app/api/auth) are shared by all tenants: `/t/<slug>/api/auth/...` is
// rewritten to `/api/auth/...`, and the tenant read from the path travels on in the x-rekey-tenant
// request header. Route handlers see the original URL, not the rewritten one, so a query
// parameter would not do; and every x-rekey-* header a client sends is dropped first, so the
// header can only ever hold what this file read from the URL path.
// Every page also gets its Content-Security-Policy here, with a nonce of its own
// (security-headers.ts).

/** Not tenant-scoped: the development mail viewer, Next's own files, and files such as /icon.svg. */
const UNSCOPED = /^\/(?:dev|_next)(?:\/|$)|^\/[^/]+\.[a-z0-9]+$/;
// The tRPC API never gets here: server.ts answers it before Next (src/server/trpc-http.ts).
const TENANT_API = /^\/api\/auth(?:\/|$)/;

const CSP = "content-security-policy";
const dev = process.env.NODE_ENV === "development";

/**
 * The request headers Next renders with: no x-rekey-* header a client sent (they are ours to set),
 * and this response's Content-Security-Policy, from which Next takes the nonce for its scripts.
 */
function requestHeaders(request: NextRequest, policy: string): Headers {
  const headers = new Headers(request.headers);
  for (const name of [...headers.keys()]) {
    if (name.toLowerCase().startsWith("x-rekey-")) headers.delete(name);
  }
  headers.set(CSP, policy);
  return headers;
}

function rewriteApi(request: NextRequest, headers: Headers, tenantSlug: string, path: string) {
  headers.set(TENANT_HEADER, tenantSlug);
  if (path === request.nextUrl.pathname) return NextResponse.next({ request: { headers } });
  const url = request.nextUrl.clone();
  url.pathname = path;
  return NextResponse.rewrite(url, { request: { headers } });
}

export function proxy(request: NextRequest) {
  const policy = pageContentSecurityPolicy(Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64"), { dev });
  const response = route(request, requestHeaders(request, policy));
  response.headers.set(CSP, policy);
  return response;
}

function route(request: NextRequest, headers: Headers): NextResponse {
  const { pathname } = request.nextUrl;

  const prefixed = TENANT_PATH_PREFIX.exec(pathname);
  if (prefixed) {
    const tenantSlug = prefixed[1] ?? "";
    const rest = prefixed[2] ?? "/";
    if (tenantSlug === DEFAULT_TENANT) {
      // One address per page: the default tenant's canonical URLs have no prefix.
      const url = request.nextUrl.clone();
      url.pathname = rest;
      return NextResponse.redirect(url, 308);
    }
    if (TENANT_API.test(rest)) return rewriteApi(request, headers, tenantSlug, rest);
    return NextResponse.next({ request: { headers } });
  }

  if (TENANT_API.test(pathname)) return rewriteApi(request, headers, DEFAULT_TENANT, pathname);
  if (pathname.startsWith("/api/") || UNSCOPED.test(pathname)) return NextResponse.next({ request: { headers } });

  const url = request.nextUrl.clone();
  url.pathname = pathname === "/" ? `/t/${DEFAULT_TENANT}` : `/t/${DEFAULT_TENANT}${pathname}`;
  return NextResponse.rewrite(url, { request: { headers } });
}

export const config = {
  // Static files are served as they are.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
