import { z } from "zod";
import { revokeApiKey } from "@rekey/core";
import { tenantAdminChangeProcedure } from "./developer-procedures";
import { apiKeyIdInput } from "./developer-schemas";

/** Revokes a key: its next call is refused (S29). Admins of the tenant, after a fresh step-up (S12). */
export const revokeKey = tenantAdminChangeProcedure
  .input(z.object({ apiKeyId: apiKeyIdInput }))
  .output(z.object({ apiKeyId: z.string(), revokedAt: z.date() }))
  .mutation(({ ctx, input }) =>
    revokeApiKey({ db: ctx.db, staff: ctx.staff, apiKeyId: input.apiKeyId, context: ctx.request }),
  );
