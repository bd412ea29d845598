import { appRouter, createContext } from "@rekey/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { NextRequest } from "next/server";
import { apiRequestTenant, sameSiteFlowTokens, sameSiteSessionToken, trpcEndpoint } from "@/server/api-request";
import { requestInfo } from "@/server/request-info";

// tRPC over HTTP for the browser and tenant apps. The tenant is the URL's: `/api/trpc/...` for
// the default tenant, `/t/<slug>/api/trpc/...` for another (proxy.ts reads the tenant from the
// path and passes it on; see api-request.ts). A session cookie counts only on same-origin requests.

async function handler(req: NextRequest): Promise<Response> {
  const tenantSlug = apiRequestTenant(req);
  if (!tenantSlug) return new Response("Not found", { status: 404 });
  return fetchRequestHandler({
    endpoint: trpcEndpoint(req),
    req,
    router: appRouter,
    createContext: () =>
      createContext({ tenantSlug, sessionToken: sameSiteSessionToken(req, tenantSlug), ...sameSiteFlowTokens(req, tenantSlug), ...requestInfo(req.headers) }),
    // A mutation's answer may carry a session or device token and is a few hundred bytes: never
    // stored by a cache (no-store), and not gzipped by `next start` (no-transform), which would
    // spend a zlib stream per request to save nothing (docs/benchmarks.md). Queries keep the default.
    responseMeta: ({ type }) => (type === "mutation" ? { headers: { "cache-control": "no-store, no-transform" } } : {}),
    onError({ error, path }) {
      // Expected errors (validation, domain codes) are answers, not incidents.
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}: ${error.message}`);
    },
  });
}

export { handler as GET, handler as POST };
