import { z } from "zod";
import { refuseRecovery } from "@rekey/core";
import { rowIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

/** "They did not ask me": stops the recovery and warns the owner. */
export const refuse = sessionProcedure
  .input(z.object({ recoveryId: rowIdInput }))
  .output(z.object({ status: z.literal("refused") }))
  .mutation(({ ctx, input }) =>
    refuseRecovery({ db: ctx.db, tenant: ctx.tenant, contactUserId: ctx.session.userId, recoveryId: input.recoveryId, context: ctx.request }),
  );
