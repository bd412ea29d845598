import { z } from "zod";
import { resetPassword } from "@rekey/core";
import { newPasswordInput, tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const reset = tenantProcedure
  .input(z.object({ token: tokenInput, newPassword: newPasswordInput }))
  .output(z.object({ email: z.string() }))
  .mutation(({ ctx, input }) => resetPassword({ db: ctx.db, tenant: ctx.tenant, ...input, context: ctx.request }));
