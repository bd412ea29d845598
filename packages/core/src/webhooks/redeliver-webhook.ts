import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import type { AuditActor } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import type { JobQueue } from "../outbox/start-job-queue";
import { systemClock, type Clock } from "../clock";
import { dispatchWebhookDeliveries } from "./webhook-jobs";

export type RedeliverWebhookOptions = {
  db: Db;
  tenantId: string;
  actor: AuditActor;
  deliveryId: string;
  context: RequestContext;
  clock?: Clock;
  queue?: JobQueue | Promise<JobQueue>;
  /** false: reset the row but queue no job (tests that deliver by hand). */
  dispatch?: boolean;
};

/**
 * Sends a delivery again from the start of the schedule, with the same `webhook-id` (the event's
 * id), so a receiver that already has it can drop it. Only to a live, enabled endpoint. Not an
 * audit event: it changes no configuration and sends nothing the receiver was not already sent.
 */
export async function redeliverWebhook(options: RedeliverWebhookOptions): Promise<{ deliveryId: string; nextAttemptAt: Date }> {
  const { db, tenantId, deliveryId, clock = systemClock } = options;
  const nextAttemptAt = clock.now();
  await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ endpointId: string }[]>`
      SELECT "endpointId" FROM webhook_delivery WHERE id = ${deliveryId} AND "tenantId" = ${tenantId} FOR UPDATE`;
    if (!row) throw new AppError("NOT_FOUND", "No such webhook delivery.");
    const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: row.endpointId }, select: { disabledAt: true, deletedAt: true } });
    if (endpoint.deletedAt) throw new AppError("NOT_FOUND", "No such webhook delivery.");
    if (endpoint.disabledAt) throw new AppError("CONFLICT", "This endpoint is turned off. Turn it on first, then redeliver.");
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "pending", attempts: 0, nextAttemptAt, deliveredAt: null },
    });
  });
  if (options.dispatch !== false) await dispatchWebhookDeliveries({ deliveries: [{ id: deliveryId, nextAttemptAt }], queue: options.queue });
  return { deliveryId, nextAttemptAt };
}
