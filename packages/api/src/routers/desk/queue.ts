import { z } from "zod";
import { listSupportTickets } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { ticketStateOutput } from "./desk-schemas";

/** The ticket queue of every tenant the staff member serves, with filters and counts per stage. */
export const queue = staffProcedure
  .input(
    z.object({
      filter: z.enum(["waiting", "ready", "second-approval", "approved", "closed", "all"]).default("ready"),
      tenantId: z.string().max(64).optional(),
      risk: z.enum(["risky", "normal"]).optional(),
      waitingEndsWithinHours: z.number().int().min(1).max(24 * 30).optional(),
    }),
  )
  .output(
    z.object({
      tickets: z.array(
        z.object({
          id: z.string(),
          reference: z.string(),
          tenant: z.object({ id: z.string(), name: z.string() }),
          email: z.string(),
          state: ticketStateOutput,
          risky: z.boolean(),
          needsSecondApprover: z.boolean(),
          createdAt: z.date(),
          waitingUntil: z.date(),
          recommendations: z.object({ approve: z.number().int(), deny: z.number().int() }),
        }),
      ),
      counts: z.object({ waiting: z.number().int(), ready: z.number().int(), "second-approval": z.number().int(), approved: z.number().int(), closed: z.number().int() }),
      tenants: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  )
  .query(({ ctx, input }) => listSupportTickets({ db: ctx.db, staff: ctx.staff, ...input }));
