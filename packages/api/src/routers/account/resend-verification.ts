import { z } from "zod";
import { resendVerification as resend } from "@rekey/core";
import { emailInput, statusOutput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const resendVerification = tenantProcedure
  .input(z.object({ email: emailInput }))
  .output(statusOutput)
  .mutation(({ ctx, input }) => resend({ db: ctx.db, tenant: ctx.tenant, email: input.email }));
