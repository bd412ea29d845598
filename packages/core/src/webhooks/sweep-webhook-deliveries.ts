import type { DbOrTx } from "../db/client";
import type { JobQueue } from "../outbox/start-job-queue";
import { systemClock, type Clock } from "../clock";
import { dispatchWebhookDeliveries } from "./webhook-jobs";

export type SweepWebhookDeliveriesOptions = {
  db: DbOrTx;
  queue?: JobQueue | Promise<JobQueue>;
  /** Attempts overdue by less than this are left to their own job, which may just be queued behind others. */
  overdueSeconds?: number;
  limit?: number;
  clock?: Clock;
  log?: (line: string) => void;
};

/**
 * Queues the attempts whose job never came: a crash between commit and enqueue, a queue that was
 * unreachable, a worker that died mid-attempt (its claim lease runs out). Re-queuing an attempt
 * whose job still waits is a no-op: the job id derives from the delivery and the attempt's time.
 */
export async function sweepWebhookDeliveries(options: SweepWebhookDeliveriesOptions): Promise<{ found: number; queued: number }> {
  const { db, queue, overdueSeconds = 60, limit = 500, clock = systemClock, log } = options;
  const overdue = await db.webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lt: new Date(clock.now().getTime() - overdueSeconds * 1000) } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, nextAttemptAt: true },
  });
  const deliveries = overdue.flatMap((row) => (row.nextAttemptAt ? [{ id: row.id, nextAttemptAt: row.nextAttemptAt }] : []));
  const { queued } = await dispatchWebhookDeliveries({ deliveries, queue, log });
  return { found: deliveries.length, queued };
}
