import { z } from "zod";
import { changePassword } from "@rekey/core";
import { newPasswordInput, passwordInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

// Sensitive (S12): a fresh sign-in or step-up, besides the current password.
export const change = stepUpProcedure
  .input(z.object({ currentPassword: passwordInput, newPassword: newPasswordInput }))
  .output(z.object({ signedOutOtherSessions: z.number().int() }))
  .mutation(({ ctx, input }) =>
    changePassword({
      db: ctx.db,
      tenant: ctx.tenant,
      userId: ctx.session.userId,
      sessionId: ctx.session.sessionId,
      ...input,
      context: ctx.request,
    }),
  );
