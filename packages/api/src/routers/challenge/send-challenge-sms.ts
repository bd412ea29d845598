import { z } from "zod";
import { AppError, getSignInChallenge, sendSmsCode } from "@rekey/core";
import { factorIdInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const sendChallengeSms = tenantProcedure
  .input(z.object({ factorId: factorIdInput }))
  .output(z.object({ ok: z.literal(true), maskedPhone: z.string(), resendAfterSeconds: z.number() }))
  .mutation(async ({ ctx, input }) => {
    if (!ctx.challengeToken) throw new AppError("TOKEN_INVALID", "This sign-in has expired. Please sign in again.");
    const challenge = await getSignInChallenge({ db: ctx.db, tenantId: ctx.tenant.id, token: ctx.challengeToken });
    const sent = await sendSmsCode({
      db: ctx.db,
      tenant: ctx.tenant,
      userId: challenge.userId,
      factorId: input.factorId,
      purpose: "sign_in",
      challengeId: challenge.id,
      context: ctx.request,
    });
    return { ok: true as const, maskedPhone: sent.maskedPhone, resendAfterSeconds: sent.resendAfterSeconds };
  });
