import { z } from "zod";
import { apiKeyActor, disableAccount } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { userIdInput } from "../tenant-api-schemas";

/**
 * Disables an account: every session ends at once and no sign-in or recovery works until
 * `users.enable`. `changed` is false for an account that was already disabled.
 */
export const disableUser = scopedProcedure("users:write")
  .input(z.object({ userId: userIdInput }))
  .output(z.object({ userId: z.string(), disabledAt: z.date(), revokedSessions: z.number().int(), changed: z.boolean() }))
  .mutation(({ ctx, input }) =>
    disableAccount({ db: ctx.db, tenant: ctx.tenant, userId: input.userId, actor: apiKeyActor(ctx.principal), context: ctx.request }),
  );
