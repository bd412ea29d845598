import { z } from "zod";
import { removeStaffMember } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { memberIdInput, reasonInput } from "./staff-schemas";

/** Takes a member off the tenant's support desk; admins of that tenant only, never the last admin. */
export const removeMember = staffStepUpProcedure
  .input(z.object({ memberId: memberIdInput, reason: reasonInput }))
  .output(z.object({ memberId: z.string(), status: z.literal("removed") }))
  .mutation(({ ctx, input }) => removeStaffMember({ db: ctx.db, staff: ctx.staff, memberId: input.memberId, reason: input.reason, context: ctx.request }));
