import { z } from "zod";
import { activateTotpFactor, addSessionMethod } from "@rekey/core";
import { codeInput, factorActivationOutput, factorIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const activateTotp = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ factorId: factorIdInput, code: codeInput }))
  .output(factorActivationOutput)
  .mutation(async ({ ctx, input }) => {
    const activated = await activateTotpFactor({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, context: ctx.request });
    // This session has now proven the app too. (A first factor does this when its recovery codes are saved.)
    if (activated.status === "active") await addSessionMethod({ db: ctx.db, sessionId: ctx.session.sessionId, method: "totp" });
    return activated;
  });
