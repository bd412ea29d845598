import { z } from "zod";
import { requestEmailChange } from "@rekey/core";
import { emailInput, passwordInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

// Sensitive (S12): a fresh sign-in or step-up, besides the current password.
export const requestChange = stepUpProcedure
  .input(z.object({ currentPassword: passwordInput, newEmail: emailInput }))
  // `newEmail` as saved: trimmed and in lower case.
  .output(z.object({ status: z.literal("check-your-email"), newEmail: z.string() }))
  .mutation(({ ctx, input }) =>
    requestEmailChange({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, context: ctx.request }),
  );
