import { getDb } from "@rekey/core/db";
import type { ApiPrincipal, RequestContext } from "@rekey/core";

export type CreateTenantContextOptions = {
  /** The request's `Authorization` header: `Bearer rky_...`. Cookies are never read on this API. */
  authorization: string | null;
  ip: string;
  userAgent: string;
};

/** The tenant API's context: who calls is decided by the key alone (tenant-trpc.ts). */
export async function createTenantContext(options: CreateTenantContextOptions) {
  const request: RequestContext = { ip: options.ip, userAgent: options.userAgent };
  // One HTTP request (a batch of calls from httpBatchLink) checks its key once; each call still
  // counts against the key's budget (tenant-trpc.ts).
  const keyCheck: { principal?: Promise<ApiPrincipal> } = {};
  return { db: getDb(), authorization: options.authorization, request, keyCheck };
}

export type TenantContext = Awaited<ReturnType<typeof createTenantContext>>;
