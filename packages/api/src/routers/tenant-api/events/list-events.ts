import { z } from "zod";
import { auditEventTypes, findSecurityEvents, securityEventsMaxLimit } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";

const eventOutput = z.object({
  id: z.string(),
  sequence: z.number().int(),
  type: z.string(),
  occurredAt: z.date(),
  userId: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().optional() }),
  ip: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * The tenant's security events after a cursor, oldest first. Keep `nextCursor` and pass it as
 * `after` next time: events are numbered gaplessly in the order they became visible, so none is
 * skipped. Kept for good (the audit trail is append-only).
 */
export const listEvents = scopedProcedure("events:read")
  .input(
    z
      .object({
        after: z
          .string({ error: "Send after as the nextCursor string of the page before." })
          .regex(/^(0|[1-9][0-9]{0,17})$/, "That cursor is not valid: pass the nextCursor of the page before, unchanged.")
          .optional(),
        types: z
          .array(z.enum(auditEventTypes, { error: "Choose event types from the list." }), { error: "Send types as a list of event types." })
          .max(auditEventTypes.length, "Name each event type once.")
          .optional(),
        limit: z
          .number({ error: `Send limit as a number from 1 to ${securityEventsMaxLimit}.` })
          .int(`Send limit as a whole number from 1 to ${securityEventsMaxLimit}.`)
          .min(1, `Ask for 1 to ${securityEventsMaxLimit} events.`)
          .max(securityEventsMaxLimit, `Ask for 1 to ${securityEventsMaxLimit} events.`)
          .optional(),
      })
      .default({}),
  )
  .output(z.object({ events: z.array(eventOutput), nextCursor: z.string(), hasMore: z.boolean() }))
  .query(({ ctx, input }) =>
    findSecurityEvents({ db: ctx.db, tenantId: ctx.tenant.id, after: input.after === undefined ? undefined : BigInt(input.after), types: input.types, limit: input.limit }),
  );
