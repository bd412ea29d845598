import { z } from "zod";
import { reportNotMe as report } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const reportNotMe = tenantProcedure
  .input(z.object({ token: tokenInput }))
  .output(z.object({ email: z.string() }))
  .mutation(({ ctx, input }) => report({ db: ctx.db, tenant: ctx.tenant, token: input.token, context: ctx.request }));
