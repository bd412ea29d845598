import { z } from "zod";
import { setHighValue as setHighValueFlag } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { reasonInput, userIdInput } from "./staff-schemas";

/**
 * Marks an account for extra care (support recoveries need a second approver); admins only. A fresh
 * step-up like the other admin changes (S12): unmarking weakens the account's protection.
 */
export const setHighValue = staffStepUpProcedure
  .input(z.object({ userId: userIdInput, highValue: z.boolean({ error: "Choose yes or no." }), reason: reasonInput }))
  .output(z.object({ userId: z.string(), highValue: z.boolean() }))
  .mutation(({ ctx, input }) =>
    setHighValueFlag({ db: ctx.db, staff: ctx.staff, userId: input.userId, highValue: input.highValue, reason: input.reason, context: ctx.request }),
  );
