import { z } from "zod";
import { verifyEmail as verifyAccountEmail } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { optionalSessionProcedure } from "../../trpc";

export const verifyEmail = optionalSessionProcedure
  .input(z.object({ token: tokenInput }))
  .output(z.object({ email: z.string() }))
  .mutation(({ ctx, input }) => verifyAccountEmail({ db: ctx.db, tenant: ctx.tenant, token: input.token, signedInUserId: ctx.session?.userId ?? null, context: ctx.request }));
