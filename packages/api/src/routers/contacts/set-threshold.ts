import { z } from "zod";
import { setContactThreshold } from "@rekey/core";
import { stepUpProcedure } from "../../trpc";

export const setThreshold = stepUpProcedure
  .input(z.object({ threshold: z.number({ error: "Choose a number." }).int("Choose a whole number.").min(1, "Choose at least 1.").max(5, "Choose at most 5.") }))
  .output(z.object({ threshold: z.number().int() }))
  .mutation(({ ctx, input }) =>
    setContactThreshold({ db: ctx.db, tenant: ctx.tenant, ownerId: ctx.session.userId, threshold: input.threshold, context: ctx.request }),
  );
