import { z } from "zod";
import { signInWithPassword } from "@rekey/core";
import { emailInput, passwordInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const signIn = tenantProcedure
  .input(z.object({ email: emailInput, password: passwordInput }))
  .output(z.object({ userId: z.string(), sessionToken: z.string(), expiresAt: z.date() }))
  .mutation(async ({ ctx, input }) => {
    const result = await signInWithPassword({ db: ctx.db, tenant: ctx.tenant, ...input, context: ctx.request });
    return { userId: result.userId, sessionToken: result.sessionToken, expiresAt: result.expiresAt };
  });
