import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { findApiPrincipal, requireApiScope, spendApiKeyCall, type ApiKeyScope } from "@rekey/core";
import type { TenantContext } from "./tenant-context";
import { errorFormatter } from "./errors";
import { rethrowDomainError } from "./trpc";

// The tenant API: server-to-server calls from tenant apps, authenticated by an API key alone
// (`Authorization: Bearer rky_...`), mounted on its own path (/api/tenant/trpc) with no cookies and
// no CORS. Every procedure names the one scope it needs; the key's tenant is the only tenant it
// sees, and another tenant's object answers as a missing one (S28).

const t = initTRPC.context<TenantContext>().create({ transformer: superjson, errorFormatter });

export const tenantApiRouter = t.router;
export const createTenantCallerFactory = t.createCallerFactory;

const keyProcedure = t.procedure
  .use(async ({ next }) => rethrowDomainError(await next()))
  .use(async ({ ctx, next }) => {
    // A batch's calls share one key check: they arrived together in one request with one header.
    ctx.keyCheck.principal ??= findApiPrincipal({ db: ctx.db, authorization: ctx.authorization });
    const principal = await ctx.keyCheck.principal;
    await spendApiKeyCall(principal);
    return next({ ctx: { principal, tenant: principal.tenant } });
  });

/** A procedure open to keys that carry every one of `scopes`; others get FORBIDDEN naming the first missing. */
export function scopedProcedure(...scopes: [ApiKeyScope, ...ApiKeyScope[]]) {
  return keyProcedure.use(({ ctx, next }) => {
    for (const scope of scopes) requireApiScope(ctx.principal, scope);
    return next();
  });
}
