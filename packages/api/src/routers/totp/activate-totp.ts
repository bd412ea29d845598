import { z } from "zod";
import { activateTotpFactor, addSessionMethod } from "@rekey/core";
import { codeInput, factorIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const activateTotp = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ factorId: factorIdInput, code: codeInput }))
  .output(z.object({ factorId: z.string(), twoFactorEnabled: z.boolean() }))
  .mutation(async ({ ctx, input }) => {
    const activated = await activateTotpFactor({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, context: ctx.request });
    // This session has now proven the app too (and so no longer owes a required factor).
    await addSessionMethod({ db: ctx.db, sessionId: ctx.session.sessionId, method: "totp" });
    return activated;
  });
