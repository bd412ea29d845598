import { z } from "zod";
import { openSupportTicket } from "@rekey/core";
import { emailInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);

/**
 * "Ask support to recover my account": the same answer whether or not the account exists (S5).
 * The status token is the person's link to their request's page; it is shown once.
 */
export const openTicket = tenantProcedure
  .input(
    z.object({
      email: emailInput,
      whatHappened: text(2000, "Please keep it under 2,000 characters.").min(10, "Tell us in a sentence or two what happened."),
      lastSignIn: text(200, "Please keep it under 200 characters."),
      devicesAndPlaces: text(1000, "Please keep it under 1,000 characters."),
      answers: z.array(text(1000, "Please keep each answer under 1,000 characters.")).max(5, "Too many answers."),
      replyEmail: z.union([z.literal(""), emailInput]).optional(),
    }),
  )
  .output(z.object({ status: z.literal("opened"), reference: z.string(), statusToken: z.string(), waitingUntil: z.date() }))
  .mutation(async ({ ctx, input }) => {
    const opened = await openSupportTicket({
      db: ctx.db,
      tenant: ctx.tenant,
      email: input.email,
      whatHappened: input.whatHappened,
      lastSignIn: input.lastSignIn,
      devicesAndPlaces: input.devicesAndPlaces,
      answers: input.answers,
      replyEmail: input.replyEmail || null,
      deviceToken: ctx.deviceToken,
      context: ctx.request,
    });
    return { status: "opened" as const, ...opened };
  });
