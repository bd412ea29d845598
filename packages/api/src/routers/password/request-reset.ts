import { z } from "zod";
import { requestPasswordReset } from "@rekey/core";
import { emailInput, statusOutput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const requestReset = tenantProcedure
  .input(z.object({ email: emailInput }))
  .output(statusOutput)
  .mutation(({ ctx, input }) => requestPasswordReset({ db: ctx.db, tenant: ctx.tenant, email: input.email, context: ctx.request }));
