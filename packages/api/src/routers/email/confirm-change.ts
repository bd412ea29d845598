import { z } from "zod";
import { confirmEmailChange } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { optionalSessionProcedure } from "../../trpc";

export const confirmChange = optionalSessionProcedure
  .input(z.object({ token: tokenInput }))
  .output(z.object({ email: z.string() }))
  .mutation(({ ctx, input }) => confirmEmailChange({ db: ctx.db, tenant: ctx.tenant, token: input.token, signedInUserId: ctx.session?.userId ?? null, context: ctx.request }));
