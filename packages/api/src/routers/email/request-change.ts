import { z } from "zod";
import { requestEmailChange } from "@rekey/core";
import { emailInput, passwordInput, statusOutput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

// Sensitive (S12): a fresh sign-in or step-up, besides the current password.
export const requestChange = stepUpProcedure
  .input(z.object({ currentPassword: passwordInput, newEmail: emailInput }))
  .output(statusOutput)
  .mutation(({ ctx, input }) =>
    requestEmailChange({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, context: ctx.request }),
  );
