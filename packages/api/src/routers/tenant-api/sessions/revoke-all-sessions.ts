import { z } from "zod";
import { apiKeyActor, revokeUserSessions } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { userIdInput } from "../tenant-api-schemas";

/** Signs the account out everywhere. */
export const revokeAllSessions = scopedProcedure("sessions:write")
  .input(z.object({ userId: userIdInput }))
  .output(z.object({ userId: z.string(), revokedCount: z.number().int() }))
  .mutation(({ ctx, input }) =>
    revokeUserSessions({ db: ctx.db, tenant: ctx.tenant, userId: input.userId, actor: apiKeyActor(ctx.principal), context: ctx.request }),
  );
