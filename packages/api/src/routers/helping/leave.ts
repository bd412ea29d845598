import { z } from "zod";
import { leaveTrustedContact } from "@rekey/core";
import { rowIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const leave = sessionProcedure
  .input(z.object({ contactId: rowIdInput }))
  .output(z.object({ status: z.literal("left") }))
  .mutation(({ ctx, input }) => leaveTrustedContact({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, contactId: input.contactId, context: ctx.request }));
