import { z } from "zod";
import { apiKeyActor, regenerateRecoveryCodes } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { userIdInput } from "../tenant-api-schemas";

/**
 * A new working set for an account with two-step verification (the old codes stop working as it
 * commits), with the same audit row and owner's notice as "Generate new codes" on the security
 * page. The codes are in this answer and nowhere else (S21): hand them to the person, do not keep
 * them. An account without two-step verification answers CONFLICT.
 */
export const generateRecoveryCodes = scopedProcedure("recovery-codes:write")
  .input(z.object({ userId: userIdInput }))
  .output(z.object({ userId: z.string(), setId: z.string(), style: z.enum(["set", "key"]), codes: z.array(z.string()) }))
  .mutation(async ({ ctx, input }) => {
    const issued = await regenerateRecoveryCodes({ db: ctx.db, tenant: ctx.tenant, userId: input.userId, actor: apiKeyActor(ctx.principal), context: ctx.request });
    return { userId: input.userId, setId: issued.setId, style: issued.style, codes: issued.codes };
  });
