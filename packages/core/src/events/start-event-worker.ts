import type PgBoss from "pg-boss";
import { warnExpiringApiKeys } from "../api-keys/warn-expiring-api-keys";
import { getDb, type Db } from "../db/client";
import { env } from "../env";
import { startJobQueue, type JobQueue } from "../outbox/start-job-queue";
import { deliverWebhook } from "../webhooks/deliver-webhook";
import type { WebhookTransport } from "../webhooks/send-webhook-request";
import { sweepWebhookDeliveries } from "../webhooks/sweep-webhook-deliveries";
import { apiKeyExpiryQueue, webhookDeliverQueue, webhookSweepQueue, type WebhookDeliverJobData } from "../webhooks/webhook-queues";
import { sequenceEvents } from "./sequence-events";

export type StartEventWorkerOptions = {
  db?: Db;
  /** A started pg-boss instance, left running on stop; by default the worker starts and stops its own. */
  queue?: JobQueue;
  /** How often the sequencer looks for new events; REKEY_EVENTS_INTERVAL_MS (1 s) by default. */
  sequenceIntervalMs?: number;
  /** Webhook requests in flight at once, at most (they wait on receivers, not on the CPU). */
  concurrency?: number;
  pollingIntervalSeconds?: number;
  /** The production transport by default. */
  transport?: WebhookTransport;
  /**
   * false: no sweep and no API key expiry check (this package's tests share one database with
   * other files' rows, which are not this worker's to send).
   */
  housekeeping?: boolean;
  /** Only these tenants' events are numbered (tests); all by default. */
  tenantIds?: string[];
  log?: (line: string) => void;
};

export type EventWorker = { stop: () => Promise<void> };

/**
 * The event feed's half of the worker: numbers new audit rows every second (sequence-events.ts),
 * delivers webhooks (one pg-boss job per attempt), sweeps for attempts whose job was lost (every
 * minute), and warns about API keys that expire within a week (every hour).
 */
export async function startEventWorker(options: StartEventWorkerOptions = {}): Promise<EventWorker> {
  const { concurrency = 20, pollingIntervalSeconds = 1, housekeeping = true, transport, tenantIds } = options;
  const sequenceIntervalMs = options.sequenceIntervalMs ?? env().REKEY_EVENTS_INTERVAL_MS;
  const log = options.log ?? ((line: string) => console.error(line));
  const db = options.db ?? getDb();
  const ownsQueue = !options.queue;
  const boss = options.queue ?? (await startJobQueue({ role: "worker", log }));

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      // Keep going while a run fills its batch: a burst is drained now, not one batch a second.
      for (let more = true; more && !stopped; ) {
        more = (await sequenceEvents({ db, queue: boss, tenantIds, log })).hasMore;
      }
    } catch (error) {
      log(`events: sequencing failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), sequenceIntervalMs);
  };
  running = tick();

  const deliverOne = async (job: PgBoss.Job<WebhookDeliverJobData>) => {
    const deliveryId = job.data?.deliveryId;
    if (typeof deliveryId !== "string") {
      log(`webhooks: job ${job.id} carries no delivery id, dropped`);
      return;
    }
    try {
      const result = await deliverWebhook({ db, deliveryId, transport, queue: boss, log });
      if (result.outcome === "retrying" || result.outcome === "failed") {
        // Ids and the short reason only: never the payload or the signature.
        log(`webhooks: ${deliveryId} attempt ${result.attempt} failed (${result.lastError})${result.outcome === "failed" ? ", giving up" : ""}`);
      }
    } catch (error) {
      // A database fault mid-attempt: the claimed attempt's lease runs out and the sweep queues it
      // again, so the rest of the batch is not failed (and re-sent) with it.
      log(`webhooks: ${deliveryId} could not be attempted: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // A batch is sent concurrently: the requests wait on receivers, not on this process. pg-boss 10
  // fetches once per polling interval per worker, so one job at a time would cap throughput at a
  // few deliveries a second.
  const deliver = async (jobs: PgBoss.Job<WebhookDeliverJobData>[]) => {
    await Promise.all(jobs.map(deliverOne));
  };

  const workerIds: string[] = [];
  const batchSize = Math.max(1, Math.ceil(concurrency / 2));
  for (let index = 0; index < 2; index += 1) {
    workerIds.push(await boss.work<WebhookDeliverJobData>(webhookDeliverQueue, { batchSize, pollingIntervalSeconds }, deliver));
  }
  if (housekeeping) {
    const sweep = async () => {
      const result = await sweepWebhookDeliveries({ db, queue: boss, log });
      if (result.found > 0) log(`webhooks: sweep queued ${result.queued} of ${result.found} overdue attempt(s)`);
    };
    const warn = async () => {
      const result = await warnExpiringApiKeys({ db, queue: boss, log });
      if (result.warned.length > 0) log(`api keys: warned about ${result.warned.length} key(s) expiring within a week`);
    };
    workerIds.push(await boss.work(webhookSweepQueue, { batchSize: 1, pollingIntervalSeconds }, sweep));
    workerIds.push(await boss.work(apiKeyExpiryQueue, { batchSize: 1, pollingIntervalSeconds }, warn));
    await boss.schedule(webhookSweepQueue, "* * * * *");
    await boss.schedule(apiKeyExpiryQueue, "17 * * * *");
    for (const [name, run] of [["sweep", sweep], ["expiry check", warn]] as const) {
      await run().catch((error: unknown) => log(`events: start-up ${name} failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      if (ownsQueue) {
        await boss.stop({ graceful: true, timeout: 30_000 });
        return;
      }
      for (const id of workerIds) await boss.offWork({ id });
    },
  };
}
