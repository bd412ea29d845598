import { z } from "zod";
import { apiKeyActor, enableAccount } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { userIdInput } from "../tenant-api-schemas";

/** Enables a disabled account again. `changed` is false for an account that was not disabled. */
export const enableUser = scopedProcedure("users:write")
  .input(z.object({ userId: userIdInput }))
  .output(z.object({ userId: z.string(), changed: z.boolean() }))
  .mutation(({ ctx, input }) =>
    enableAccount({ db: ctx.db, tenant: ctx.tenant, userId: input.userId, actor: apiKeyActor(ctx.principal), context: ctx.request }),
  );
