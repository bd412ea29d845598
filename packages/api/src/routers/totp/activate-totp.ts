import { z } from "zod";
import { activateTotpFactor } from "@rekey/core";
import { codeInput, factorIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const activateTotp = sessionProcedure
  .input(z.object({ factorId: factorIdInput, code: codeInput }))
  .output(z.object({ factorId: z.string(), twoFactorEnabled: z.boolean() }))
  .mutation(({ ctx, input }) => activateTotpFactor({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, ...input, context: ctx.request }));
