import { z } from "zod";
import { findSupportTicket } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

/**
 * The person's status page (no sign-in): where the request stands and the thread with support.
 * A mutation although it only reads: over HTTP a query is a GET with its input in the URL, and the
 * status token must not reach proxy or access logs (S3, S8).
 */
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
  .mutation(({ ctx, input }) => findSupportTicket({ db: ctx.db, tenant: ctx.tenant, statusToken: input.statusToken }));
