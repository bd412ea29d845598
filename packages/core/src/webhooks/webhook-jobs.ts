import { createHash } from "node:crypto";
import { getJobQueue } from "../outbox/job-queue";
import type { JobQueue } from "../outbox/start-job-queue";

import {
  webhookDeliverQueue,
  webhookJobExpireSeconds,
  webhookJobRetryDelaySeconds,
  webhookJobRetryLimit,
  type WebhookDeliverJobData,
} from "./webhook-queues";

/**
 * The job id of one scheduled attempt, derived from the delivery and the attempt's time. pg-boss 10
 * inserts with ON CONFLICT DO NOTHING on the id, so the sweep re-sending an attempt whose job is
 * still queued is a no-op; a claimed attempt moves nextAttemptAt, so a job lost after the claim
 * gets a new id and the sweep can queue it again.
 */
export function webhookJobId(deliveryId: string, nextAttemptAt: Date): string {
  const bytes = createHash("sha256").update(`rekey.webhook:${deliveryId}:${nextAttemptAt.getTime()}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type ScheduledAttempt = { id: string; nextAttemptAt: Date };

export type DispatchWebhookDeliveriesOptions = {
  deliveries: ScheduledAttempt[];
  /** Defaults to the shared publisher (`getJobQueue()`). */
  queue?: JobQueue | Promise<JobQueue>;
  log?: (line: string) => void;
};

/**
 * Queues one job per committed delivery attempt. Never throws: the rows are the record, and the
 * sweep (sweep-webhook-deliveries.ts) queues any pending attempt whose job never arrived.
 */
export async function dispatchWebhookDeliveries(options: DispatchWebhookDeliveriesOptions): Promise<{ queued: number; notQueued: number }> {
  const { deliveries } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  if (deliveries.length === 0) return { queued: 0, notQueued: 0 };
  let queued = 0;
  try {
    const boss = await (options.queue ?? getJobQueue());
    // One INSERT per chunk rather than one per job: a busy sequencer run makes thousands.
    for (let start = 0; start < deliveries.length; start += 500) {
      const chunk = deliveries.slice(start, start + 500);
      await boss.insert(
        chunk.map((delivery) => ({
          name: webhookDeliverQueue,
          id: webhookJobId(delivery.id, delivery.nextAttemptAt),
          data: { deliveryId: delivery.id } satisfies WebhookDeliverJobData,
          startAfter: delivery.nextAttemptAt,
          retryLimit: webhookJobRetryLimit,
          retryDelay: webhookJobRetryDelaySeconds,
          expireInSeconds: webhookJobExpireSeconds,
        })),
      );
      queued += chunk.length;
    }
  } catch (error) {
    log(`webhooks: could not queue ${deliveries.length - queued} delivery attempt(s), the sweep will: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { queued, notQueued: deliveries.length - queued };
}
