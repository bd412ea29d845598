import { z } from "zod";
import { AppError, completeSignInChallenge } from "@rekey/core";
import { establishedSessionOutput, secondFactorProofInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const completeChallenge = tenantProcedure
  .input(z.object({ proof: secondFactorProofInput, rememberBrowser: z.boolean().default(false) }))
  .output(establishedSessionOutput)
  .mutation(async ({ ctx, input }) => {
    if (!ctx.challengeToken) throw new AppError("TOKEN_INVALID", "This sign-in has expired. Please sign in again.");
    const established = await completeSignInChallenge({
      db: ctx.db,
      tenant: ctx.tenant,
      challengeToken: ctx.challengeToken,
      proof: input.proof,
      rememberBrowser: input.rememberBrowser,
      deviceToken: ctx.deviceToken,
      context: ctx.request,
    });
    return { status: "signed-in" as const, ...established };
  });
