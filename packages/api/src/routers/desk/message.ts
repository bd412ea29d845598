import { z } from "zod";
import { messageSupportTicket } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { ticketIdInput } from "./desk-schemas";

/** Ask the person for more information: plain text on their status page. */
export const message = staffProcedure
  .input(z.object({ ticketId: ticketIdInput, body: z.string().trim().min(1, "Write a message.").max(2000, "Please keep it under 2,000 characters.") }))
  .output(z.object({ status: z.literal("sent"), entryId: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { entryId } = await messageSupportTicket({ db: ctx.db, staff: ctx.staff, ...input, context: ctx.request });
    return { status: "sent" as const, entryId };
  });
