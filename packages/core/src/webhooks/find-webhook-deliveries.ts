import type { DbOrTx } from "../db/client";
import { AppError } from "../errors/app-error";

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

export type WebhookDeliverySummary = {
  id: string;
  endpointId: string;
  /** The event's id: the `webhook-id` header of every attempt. */
  eventId: string;
  eventType: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  /** The last attempt's HTTP status, or null when it got no answer. */
  lastStatusCode: number | null;
  /** Why the last attempt failed; never the receiver's body. */
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
};

export type FindWebhookDeliveriesOptions = {
  db: DbOrTx;
  tenantId: string;
  endpointId?: string;
  status?: WebhookDeliveryStatus;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  limit?: number;
};

export const webhookDeliveriesMaxLimit = 100;

/** A tenant's deliveries, newest first. Another tenant's endpoint or cursor is NOT_FOUND (S28). */
export async function findWebhookDeliveries(options: FindWebhookDeliveriesOptions): Promise<{ deliveries: WebhookDeliverySummary[]; nextCursor: string | null }> {
  const { db, tenantId, endpointId, status, cursor, limit = 50 } = options;
  const take = Math.min(Math.max(1, limit), webhookDeliveriesMaxLimit);
  if (endpointId !== undefined) {
    const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, tenantId, deletedAt: null }, select: { id: true } });
    if (!endpoint) throw new AppError("NOT_FOUND", "No such webhook endpoint.");
  }
  let after: { createdAt: Date; id: string } | null = null;
  if (cursor !== undefined) {
    after = await db.webhookDelivery.findFirst({ where: { id: cursor, tenantId }, select: { createdAt: true, id: true } });
    if (!after) throw new AppError("NOT_FOUND", "No such page of deliveries: start again without a cursor.");
  }
  const rows = await db.webhookDelivery.findMany({
    where: {
      tenantId,
      ...(endpointId !== undefined ? { endpointId } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const page = rows.slice(0, take);
  const events = page.length === 0 ? [] : await db.auditEvent.findMany({ where: { tenantId, id: { in: page.map((row) => row.eventId) } }, select: { id: true, type: true } });
  const typeOf = new Map(events.map((event) => [event.id, event.type]));
  return {
    deliveries: page.map((row) => ({
      id: row.id,
      endpointId: row.endpointId,
      eventId: row.eventId,
      eventType: typeOf.get(row.eventId) ?? null,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
      lastStatusCode: row.lastStatusCode,
      lastError: row.lastError,
      createdAt: row.createdAt,
      deliveredAt: row.deliveredAt,
    })),
    nextCursor: rows.length > take ? (page.at(-1)?.id ?? null) : null,
  };
}
