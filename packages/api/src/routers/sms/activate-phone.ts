import { z } from "zod";
import { activatePhoneFactor } from "@rekey/core";
import { codeInput, factorActivationOutput, factorIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const activatePhone = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ factorId: factorIdInput, code: codeInput }))
  .output(factorActivationOutput)
  .mutation(({ ctx, input }) =>
    activatePhoneFactor({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, sessionId: ctx.session.sessionId, context: ctx.request }),
  );
