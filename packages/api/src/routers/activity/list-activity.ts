import { z } from "zod";
import { AppError, describeAuditEvent, deviceLabel, findUserActivity } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

const pageSize = 25;

export const listActivity = sessionProcedure
  // The cursor names the last event already shown: "<ISO time>|<event id>".
  .input(z.object({ cursor: z.string().max(100).regex(/^[^|]+\|evt_[A-Za-z0-9_-]+$/, "Invalid cursor").optional() }).optional())
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
      before: parseCursor(input?.cursor),
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
      nextCursor: events.length > pageSize && page.length > 0 ? cursorOf(page[page.length - 1]!) : null,
    };
  });

function cursorOf(event: { createdAt: Date; id: string }) {
  return `${event.createdAt.toISOString()}|${event.id}`;
}

function parseCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  const [time = "", id = ""] = cursor.split("|");
  const createdAt = new Date(time);
  if (Number.isNaN(createdAt.getTime())) throw new AppError("BAD_REQUEST", "Invalid cursor");
  return { createdAt, id };
}
