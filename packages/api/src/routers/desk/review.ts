import { z } from "zod";
import { reviewSupportTicket } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { reasonInput, ticketIdInput } from "./desk-schemas";

/** An agent's recommendation (approve or deny) or a note: staff-only, with its reason in the audit trail. */
export const review = staffProcedure
  .input(z.object({ ticketId: ticketIdInput, kind: z.enum(["recommend_approve", "recommend_deny", "note"]), reason: reasonInput }))
  .output(z.object({ status: z.literal("recorded"), entryId: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { entryId } = await reviewSupportTicket({ db: ctx.db, staff: ctx.staff, ...input, context: ctx.request });
    return { status: "recorded" as const, entryId };
  });
