import { z } from "zod";
import { tenantProcedure } from "../../trpc";

/** What the request form asks: the tenant's own evidence questions, and how long the wait is. */
export const supportForm = tenantProcedure
  .output(z.object({ enabled: z.boolean(), questions: z.array(z.string()), waitingHours: z.number().int() }))
  .query(({ ctx }) => {
    const { enabled, questions, waitingHours } = ctx.tenant.policy.support;
    return { enabled, questions, waitingHours };
  });
