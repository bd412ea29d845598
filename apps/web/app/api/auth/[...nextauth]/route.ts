import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { apiRequestTenant } from "@/server/api-request";
import { buildAuthOptions } from "@/server/auth-options";
import { requestInfo } from "@/server/request-info";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  const tenantSlug = apiRequestTenant(req);
  if (!tenantSlug) return new Response("Not found", { status: 404 });
  return NextAuth(req, context, buildAuthOptions({ tenantSlug, ...requestInfo(req.headers) }));
}

export { handler as GET, handler as POST };
