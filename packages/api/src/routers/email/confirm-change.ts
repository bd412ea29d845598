import { z } from "zod";
import { confirmEmailChange } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const confirmChange = tenantProcedure
  .input(z.object({ token: tokenInput }))
  .output(z.object({ email: z.string() }))
  .mutation(({ ctx, input }) => confirmEmailChange({ db: ctx.db, tenant: ctx.tenant, token: input.token, context: ctx.request }));
