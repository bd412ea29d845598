import { z } from "zod";
import { signInWithPassword } from "@rekey/core";
import { emailInput, establishedSessionOutput, passwordInput, secondFactorMethodsOutput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const signIn = tenantProcedure
  .input(z.object({ email: emailInput, password: passwordInput }))
  .output(
    z.discriminatedUnion("status", [
      establishedSessionOutput,
      z.object({ status: z.literal("second-factor-required"), challengeToken: z.string(), methods: secondFactorMethodsOutput }),
    ]),
  )
  .mutation(async ({ ctx, input }) => {
    const outcome = await signInWithPassword({ db: ctx.db, tenant: ctx.tenant, ...input, deviceToken: ctx.deviceToken, context: ctx.request });
    if (outcome.status === "second-factor-required") return outcome;
    return { status: outcome.status, userId: outcome.userId, sessionToken: outcome.sessionToken, expiresAt: outcome.expiresAt, deviceToken: outcome.deviceToken };
  });
