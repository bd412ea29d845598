import { z } from "zod";
import { activatePhoneFactor } from "@rekey/core";
import { codeInput, factorIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const activatePhone = sessionProcedure
  .input(z.object({ factorId: factorIdInput, code: codeInput }))
  .output(z.object({ factorId: z.string(), twoFactorEnabled: z.boolean() }))
  .mutation(({ ctx, input }) =>
    activatePhoneFactor({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, sessionId: ctx.session.sessionId, context: ctx.request }),
  );
