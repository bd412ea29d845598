import { z } from "zod";
import { activatePhoneFactor, addSessionMethod } from "@rekey/core";
import { codeInput, factorIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const activatePhone = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ factorId: factorIdInput, code: codeInput }))
  .output(z.object({ factorId: z.string(), twoFactorEnabled: z.boolean() }))
  .mutation(async ({ ctx, input }) => {
    const { sessionId } = ctx.session;
    const activated = await activatePhoneFactor({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, sessionId, context: ctx.request });
    // This session has now proven the phone too (and so no longer owes a required factor).
    await addSessionMethod({ db: ctx.db, sessionId, method: "sms" });
    return activated;
  });
