import { z } from "zod";
import { findSupportTicket } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

/** The person's status page (no sign-in): where the request stands and the thread with support. */
export const ticketStatus = tenantProcedure
  .input(z.object({ statusToken: tokenInput }))
  .output(
    z.object({
      reference: z.string(),
      state: z.enum(["waiting", "under-review", "approved", "denied", "cancelled", "completed", "expired"]),
      createdAt: z.date(),
      waitingUntil: z.date(),
      decidedAt: z.date().nullable(),
      denialNote: z.string().nullable(),
      messages: z.array(z.object({ id: z.string(), from: z.enum(["you", "support"]), body: z.string(), createdAt: z.date() })),
      canReply: z.boolean(),
    }),
  )
  .query(({ ctx, input }) => findSupportTicket({ db: ctx.db, tenant: ctx.tenant, statusToken: input.statusToken }));
