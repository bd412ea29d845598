import { z } from "zod";
import { findFactors } from "@rekey/core";
import { factorSummaryOutput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const listFactors = sessionProcedure.meta({ duringSetup: true })
  .output(
    z.array(factorSummaryOutput.extend({ id: z.string() })),
  )
  .query(({ ctx }) => findFactors({ db: ctx.db, tenantId: ctx.tenant.id, userId: ctx.session.userId }));
