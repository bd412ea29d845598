import { z } from "zod";
import { describeAuditEvent, deviceLabel, findUserActivity } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

const pageSize = 25;

export const listActivity = sessionProcedure
  // The cursor is the ISO time of the last event already shown.
  .input(z.object({ cursor: z.iso.datetime().optional() }).optional())
  .output(
    z.object({
      events: z.array(z.object({ id: z.string(), type: z.string(), description: z.string(), ip: z.string(), device: z.string(), createdAt: z.date() })),
      nextCursor: z.string().nullable(),
    }),
  )
  .query(async ({ ctx, input }) => {
    const events = await findUserActivity({
      db: ctx.db,
      tenantId: ctx.tenant.id,
      userId: ctx.session.userId,
      before: input?.cursor ? new Date(input.cursor) : undefined,
      limit: pageSize + 1,
    });
    const page = events.slice(0, pageSize);
    return {
      events: page.map((event) => ({
        id: event.id,
        type: event.type,
        description: describeAuditEvent(event.type),
        ip: event.ip,
        device: event.userAgent ? deviceLabel(event.userAgent) : "",
        createdAt: event.createdAt,
      })),
      nextCursor: events.length > pageSize ? (page.at(-1)?.createdAt.toISOString() ?? null) : null,
    };
  });
