import { z } from "zod";
import { answerContactInvitation } from "@rekey/core";
import { rowIdInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const answerInvitation = sessionProcedure
  .input(z.object({ contactId: rowIdInput, answer: z.enum(["accept", "decline"], { error: "Choose accept or decline." }) }))
  .output(z.object({ status: z.enum(["accepted", "declined"]), usableFrom: z.date().nullable() }))
  .mutation(({ ctx, input }) =>
    answerContactInvitation({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, contactId: input.contactId, answer: input.answer, context: ctx.request }),
  );
