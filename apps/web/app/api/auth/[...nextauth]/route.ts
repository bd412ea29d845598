import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { apiRequestTenant } from "@/server/api-request";
import { buildAuthOptions } from "@/server/auth-options";
import { flowTokens } from "@/server/flow-cookies";
import { requestInfo } from "@/server/request-info";
import { sessionCookieName } from "@/server/session-cookie";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  const tenantSlug = apiRequestTenant(req);
  if (!tenantSlug) return new Response("Not found", { status: 404 });
  return NextAuth(
    req,
    context,
    buildAuthOptions({
      tenantSlug,
      ...requestInfo(req.headers),
      // next-auth checks its CSRF token on every sign-in post, so these cookies come from this site's pages.
      sessionToken: req.cookies.get(sessionCookieName(tenantSlug))?.value ?? null,
      ...flowTokens(req.cookies, tenantSlug),
    }),
  );
}

export { handler as GET, handler as POST };
