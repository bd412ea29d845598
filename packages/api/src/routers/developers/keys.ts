import { z } from "zod";
import { apiKeyScopeDescriptions, apiKeyScopes, findApiKeys } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { apiKeyOutput, tenantIdInput } from "./developer-schemas";

/**
 * The tenant's API keys, newest first, for its admins: prefixes only, never a key. With them, the
 * scopes a new key may carry and what each allows, for the page's "Create key" form.
 */
export const keys = staffProcedure
  .input(z.object({ tenantId: tenantIdInput }))
  .output(z.object({ keys: z.array(apiKeyOutput), scopes: z.array(z.object({ scope: z.enum(apiKeyScopes), description: z.string() })) }))
  .query(async ({ ctx, input }) => ({
    keys: await findApiKeys({ db: ctx.db, staff: ctx.staff, tenantId: input.tenantId }),
    scopes: apiKeyScopes.map((scope) => ({ scope, description: apiKeyScopeDescriptions[scope] })),
  }));
