import type PgBoss from "pg-boss";
import { getDb, type Db } from "../db/client";
import { deleteExpiredWebAuthnChallenges } from "../factors/webauthn/webauthn-challenges";
import { createMailTransport } from "../mail/create-mail-transport";
import type { MailTransport } from "../mail/mail-transport";
import { createSmsProvider } from "../sms/create-sms-provider";
import type { SmsProvider } from "../sms/sms-provider";
import { deliverOutboxMessage } from "./deliver-outbox-message";
import { outboxDeliverQueue, outboxSweepQueue, type OutboxDeliverJobData } from "./outbox-jobs";
import { startJobQueue, type JobQueue } from "./start-job-queue";
import { sweepOutbox } from "./sweep-outbox";

export type StartOutboxWorkerOptions = {
  /** Defaults to SMTP when SMTP_URL is set, the development mailbox otherwise. */
  transport?: MailTransport;
  /** Defaults to the provider SMS_PROVIDER names (Twilio, or the development console). */
  smsProvider?: SmsProvider;
  db?: Db;
  /** A started pg-boss instance, left running on stop; by default the worker starts and stops its own. */
  queue?: JobQueue;
  /** Deliveries in flight at once; each holds one database connection while it sends. */
  concurrency?: number;
  /** How often an idle worker asks for new jobs. */
  pollingIntervalSeconds?: number;
  /** When the sweep runs; every minute by default. */
  sweepCron?: string;
  /** How old a pending message must be for the sweep to send it; a minute by default (sweep-outbox.ts). */
  sweepAfterSeconds?: number;
  /**
   * false: no sweep, neither at start nor on the clock. For a worker that shares its database
   * with messages that are not its to send (this package's tests: every other test file leaves
   * pending messages behind, and a sweep would queue them all ahead of the test's own).
   */
  sweep?: boolean;
  log?: (line: string) => void;
};

export type OutboxWorker = {
  /** Stops taking jobs and waits (up to 30 s) for deliveries in flight. */
  stop: () => Promise<void>;
};

export async function startOutboxWorker(options: StartOutboxWorkerOptions = {}): Promise<OutboxWorker> {
  // pg-boss waits out the polling interval after every fetch, busy or not: at 2 deliveries every
  // 2 s a worker sent one mail a second, and the soak's burst queued for minutes. 4 every 0.5 s
  // is about 8 a second per worker process, for 8 idle polls a second; more workers scale it.
  const { concurrency = 4, pollingIntervalSeconds = 0.5, sweepCron = "* * * * *", sweepAfterSeconds, sweep: sweeps = true } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const db = options.db ?? getDb();
  const transport = options.transport ?? createMailTransport();
  const smsProvider = options.smsProvider ?? createSmsProvider();
  const ownsQueue = !options.queue;
  const boss = options.queue ?? (await startJobQueue({ role: "worker", log }));

  const deliver = async (jobs: PgBoss.Job<OutboxDeliverJobData>[]) => {
    for (const job of jobs) {
      const messageId = job.data?.messageId;
      if (typeof messageId !== "string") {
        log(`outbox: job ${job.id} carries no message id, dropped`);
        continue;
      }
      try {
        const result = await deliverOutboxMessage({ db, messageId, transport, smsProvider });
        // Someone else holds the row; retrying later either finds it sent or takes over a failure.
        if (result.outcome === "skipped" && result.reason === "in-progress") {
          throw new Error(`${messageId} is being delivered elsewhere, retrying later`);
        }
      } catch (error) {
        // deliverOutboxMessage's errors carry the message id and the transport's error, never the body.
        log(`outbox: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    }
  };
  const sweep = async () => {
    const result = await sweepOutbox({ db, queue: boss, olderThanSeconds: sweepAfterSeconds, log });
    if (result.found > 0) log(`outbox: sweep re-dispatched ${result.queued.length} of ${result.found} pending message(s)`);
    // Housekeeping on the same clock: WebAuthn challenges whose ceremony is long over.
    await deleteExpiredWebAuthnChallenges({ db });
  };

  const workerIds: string[] = [];
  for (let index = 0; index < Math.max(1, concurrency); index += 1) {
    workerIds.push(await boss.work<OutboxDeliverJobData>(outboxDeliverQueue, { batchSize: 1, pollingIntervalSeconds }, deliver));
  }
  if (sweeps) {
    workerIds.push(await boss.work(outboxSweepQueue, { batchSize: 1, pollingIntervalSeconds }, sweep));
    // Idempotent across worker instances; pg-boss's clock makes one of them fire each minute.
    await boss.schedule(outboxSweepQueue, sweepCron);
    // Whatever was stranded while no worker ran goes out now, not at the next full minute.
    await sweep().catch((error: unknown) => log(`outbox: start-up sweep failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  return {
    async stop() {
      if (ownsQueue) {
        await boss.stop({ graceful: true, timeout: 30_000 });
        return;
      }
      for (const id of workerIds) await boss.offWork({ id });
    },
  };
}
