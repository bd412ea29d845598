import { z } from "zod";
import { removeTrustedContact } from "@rekey/core";
import { rowIdInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

/** Withdraws an invitation or removes a contact (refused for a few days after a recovery). */
export const removeContact = stepUpProcedure
  .input(z.object({ contactId: rowIdInput }))
  .output(z.object({ status: z.enum(["withdrawn", "removed"]) }))
  .mutation(({ ctx, input }) =>
    removeTrustedContact({ db: ctx.db, tenant: ctx.tenant, ownerId: ctx.session.userId, contactId: input.contactId, context: ctx.request }),
  );
