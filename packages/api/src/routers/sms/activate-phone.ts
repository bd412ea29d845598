import { z } from "zod";
import { activatePhoneFactor, addSessionMethod } from "@rekey/core";
import { codeInput, factorActivationOutput, factorIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const activatePhone = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ factorId: factorIdInput, code: codeInput }))
  .output(factorActivationOutput)
  .mutation(async ({ ctx, input }) => {
    const { sessionId } = ctx.session;
    const activated = await activatePhoneFactor({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, sessionId, context: ctx.request });
    // This session has now proven the phone too. (A first factor does this when its recovery codes are saved.)
    if (activated.status === "active") await addSessionMethod({ db: ctx.db, sessionId, method: "sms" });
    return activated;
  });
