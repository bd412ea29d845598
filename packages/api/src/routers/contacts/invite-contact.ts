import { z } from "zod";
import { inviteTrustedContact } from "@rekey/core";
import { emailInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

/** The same answer whether or not the address has an account here. */
export const inviteContact = stepUpProcedure
  .input(z.object({ email: emailInput }))
  .output(z.object({ status: z.literal("invited"), contactId: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { contactId } = await inviteTrustedContact({ db: ctx.db, tenant: ctx.tenant, ownerId: ctx.session.userId, email: input.email, context: ctx.request });
    return { status: "invited" as const, contactId };
  });
