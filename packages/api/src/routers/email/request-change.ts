import { z } from "zod";
import { requestEmailChange } from "@rekey/core";
import { emailInput, passwordInput, statusOutput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const requestChange = sessionProcedure
  .input(z.object({ currentPassword: passwordInput, newEmail: emailInput }))
  .output(statusOutput)
  .mutation(({ ctx, input }) =>
    requestEmailChange({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, context: ctx.request }),
  );
