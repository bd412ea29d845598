import { z } from "zod";
import { setStaffRole } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { memberIdInput, reasonInput, staffRoleInput, staffRoleOutput } from "./staff-schemas";

/** Changes a member's role; admins of the member's tenant only, and never the last admin's. */
export const setRole = staffStepUpProcedure
  .input(z.object({ memberId: memberIdInput, role: staffRoleInput, reason: reasonInput }))
  .output(z.object({ memberId: z.string(), role: staffRoleOutput, changed: z.boolean() }))
  .mutation(({ ctx, input }) =>
    setStaffRole({ db: ctx.db, staff: ctx.staff, memberId: input.memberId, role: input.role, reason: input.reason, context: ctx.request }),
  );
