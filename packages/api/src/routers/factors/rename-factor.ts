import { z } from "zod";
import { renameFactor as rename } from "@rekey/core";
import { factorIdInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

export const renameFactor = stepUpProcedure
  .input(z.object({ factorId: factorIdInput, name: z.string().max(60, "Use a name of at most 60 characters.") }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await rename({ db: ctx.db, tenantId: ctx.tenant.id, userId: ctx.session.userId, ...input, context: ctx.request });
    return { ok: true as const };
  });
