import { z } from "zod";
import { apiKeyActor, exchangeSessionHandoff } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";

/**
 * A tenant app's server turns the `rekey_code` the hosted sign-in sent its user back with into a
 * session of its own: `{ token, session }`, the session in the same shape as `sessions.verify`
 * answers. Each code works once, for a minute, and only with a key of the code's tenant.
 */
export const exchangeSession = scopedProcedure("sessions:write")
  .input(z.object({ code: z.string().min(1, "Send the rekey_code from the sign-in's redirect.").max(200, "That is not a sign-in code.") }))
  .mutation(({ ctx, input }) =>
    exchangeSessionHandoff({ db: ctx.db, tenant: ctx.tenant, code: input.code, actor: apiKeyActor(ctx.principal), context: ctx.request }),
  );
