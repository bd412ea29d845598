import { z } from "zod";
import { replyToSupportTicket } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

/** The person answers support on their status page: plain text. */
export const reply = tenantProcedure
  .input(z.object({ statusToken: tokenInput, body: z.string().trim().min(1, "Write a message.").max(2000, "Please keep it under 2,000 characters.") }))
  .output(z.object({ status: z.literal("sent"), messageId: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { messageId } = await replyToSupportTicket({ db: ctx.db, tenant: ctx.tenant, statusToken: input.statusToken, body: input.body, context: ctx.request });
    return { status: "sent" as const, messageId };
  });
