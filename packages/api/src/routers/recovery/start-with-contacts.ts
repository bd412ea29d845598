import { z } from "zod";
import { startContactRecovery } from "@rekey/core";
import { emailInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

/**
 * "Ask my trusted contacts": the same answer whether or not the account exists or has contacts
 * (S5). The token names the attempt; the web app keeps it in an HttpOnly cookie.
 */
export const startWithContacts = tenantProcedure
  .input(z.object({ email: emailInput }))
  .output(z.object({ status: z.literal("started"), recoveryToken: z.string(), threshold: z.number().int(), expiresAt: z.date() }))
  .mutation(async ({ ctx, input }) => {
    const started = await startContactRecovery({ db: ctx.db, tenant: ctx.tenant, email: input.email, context: ctx.request });
    return { status: "started" as const, recoveryToken: started.token, threshold: started.threshold, expiresAt: started.expiresAt };
  });
