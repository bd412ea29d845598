import { z } from "zod";
import { sendSmsCode } from "@rekey/core";
import { factorIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const resendEnrolmentCode = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ factorId: factorIdInput }))
  .output(z.object({ maskedPhone: z.string(), resendAfterSeconds: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const sent = await sendSmsCode({
      db: ctx.db,
      tenant: ctx.tenant,
      userId: ctx.session.userId,
      factorId: input.factorId,
      purpose: "enrol",
      sessionId: ctx.session.sessionId,
      context: ctx.request,
    });
    return { maskedPhone: sent.maskedPhone, resendAfterSeconds: sent.resendAfterSeconds };
  });
