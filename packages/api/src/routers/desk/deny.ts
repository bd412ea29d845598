import { z } from "zod";
import { denySupportTicket } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { reasonInput, ticketIdInput } from "./desk-schemas";

/** A lead denies, with a reason for the audit trail and a plain explanation for the person. */
export const deny = staffStepUpProcedure
  .input(
    z.object({
      ticketId: ticketIdInput,
      reason: reasonInput,
      explanation: z.string().trim().min(10, "Explain in a sentence or two, for the person.").max(2000, "Please keep it under 2,000 characters."),
    }),
  )
  .output(z.object({ state: z.literal("denied") }))
  .mutation(({ ctx, input }) => denySupportTicket({ db: ctx.db, staff: ctx.staff, ...input, context: ctx.request }));
