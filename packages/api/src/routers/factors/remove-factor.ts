import { z } from "zod";
import { removeFactor as remove } from "@rekey/core";
import { factorIdInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

export const removeFactor = stepUpProcedure
  .input(z.object({ factorId: factorIdInput }))
  .output(z.object({ twoFactorEnabled: z.boolean(), signedOutOtherSessions: z.number().int() }))
  .mutation(({ ctx, input }) =>
    remove({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, sessionId: ctx.session.sessionId, factorId: input.factorId, context: ctx.request }),
  );
