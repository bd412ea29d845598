import PgBoss from "pg-boss";
import type pg from "pg";
import { getPool } from "../db/client";
import {
  outboxDeliverQueue,
  outboxJobExpireSeconds,
  outboxRetryDelaySeconds,
  outboxRetryLimit,
  outboxSweepQueue,
} from "./outbox-jobs";
import {
  apiKeyExpiryQueue,
  webhookDeliverQueue,
  webhookJobExpireSeconds,
  webhookJobRetryDelaySeconds,
  webhookJobRetryLimit,
  webhookSweepQueue,
} from "../webhooks/webhook-queues";

export type JobQueue = PgBoss;

export type StartJobQueueOptions = {
  /**
   * "publisher" only sends jobs (the web process); "worker" also runs pg-boss maintenance and the
   * cron clock. Workers register their handlers themselves.
   */
  role: "publisher" | "worker";
  /** Defaults to the pool under the Prisma client, so pg-boss opens no connections of its own. */
  pool?: pg.Pool;
  /** PostgreSQL schema of pg-boss's tables; "pgboss" unless a test needs its own. */
  schema?: string;
  log?: (line: string) => void;
};

/**
 * Starts a pg-boss instance and makes sure the outbox queues exist (pg-boss 10 silently drops jobs
 * sent to a queue that was never created). Cheap and safe to run in every process, concurrently:
 * when the schema is current, start-up is a handful of reads; pg-boss creates or migrates its schema
 * under an advisory lock, and the races that lock leaves (schema, queue creation) are retried here.
 */
export async function startJobQueue(options: StartJobQueueOptions): Promise<JobQueue> {
  const { role, schema = "pgboss" } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const isWorker = role === "worker";
  const db = poolExecutor(options.pool ?? getPool());

  let boss: PgBoss;
  for (let attempt = 1; ; attempt += 1) {
    boss = new PgBoss({ db, schema, migrate: true, supervise: isWorker, schedule: isWorker });
    // EventEmitter throws on an unhandled "error" event; pg-boss reports polling and maintenance
    // failures this way and recovers on its own, so they are logged, not fatal.
    boss.on("error", (error) => log(`pg-boss: ${error.message}`));
    try {
      await boss.start();
      break;
    } catch (error) {
      // pg-boss 10 serialises schema creation with an advisory lock, yet the waiter's CREATE SCHEMA
      // IF NOT EXISTS can still fail with a duplicate key on pg_namespace (its catalog view predates
      // the winner's commit); seen when several processes start together on a fresh database. By
      // then the winner has committed, so another try finds the schema installed. A PgBoss whose
      // start failed cannot be started again, hence a new instance.
      if (attempt >= 3 || !isConcurrentInstall(error)) throw error;
    }
  }
  await ensureQueue(boss, {
    name: outboxDeliverQueue,
    policy: "standard",
    retryLimit: outboxRetryLimit,
    retryDelay: outboxRetryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: outboxJobExpireSeconds,
  });
  // One queued sweep at a time: a sweep that missed its minute is not worth running twice.
  await ensureQueue(boss, { name: outboxSweepQueue, policy: "short", retryLimit: 0 });
  // The event feed's webhooks (core/webhooks/webhook-jobs.ts): the web process queues redeliveries.
  await ensureQueue(boss, {
    name: webhookDeliverQueue,
    policy: "standard",
    retryLimit: webhookJobRetryLimit,
    retryDelay: webhookJobRetryDelaySeconds,
    expireInSeconds: webhookJobExpireSeconds,
  });
  await ensureQueue(boss, { name: webhookSweepQueue, policy: "short", retryLimit: 0 });
  await ensureQueue(boss, { name: apiKeyExpiryQueue, policy: "short", retryLimit: 0 });
  return boss;
}

/**
 * Reads first, so a process starting against an installed database only reads. Two processes
 * creating the same queue at once deadlock inside pg-boss's create_queue (each attaches a partition
 * while the other holds the queue table); PostgreSQL aborts one of them, which then finds the queue
 * created by the other.
 */
async function ensureQueue(boss: PgBoss, queue: PgBoss.Queue) {
  for (let attempt = 1; ; attempt += 1) {
    if (await boss.getQueue(queue.name)) return;
    try {
      await boss.createQueue(queue.name, queue);
      return;
    } catch (error) {
      if (attempt >= 3 || (error as { code?: unknown } | null)?.code !== "40P01") throw error;
    }
  }
}

function isConcurrentInstall(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // unique_violation (catalog rows), duplicate_table, duplicate_object (the job_state type)
  return code === "23505" || code === "42P07" || code === "42710";
}

/**
 * pg-boss's `db` option over a shared pool. pg-boss sends some commands as one multi-statement
 * string wrapped in BEGIN ... COMMIT; if one of them fails the connection is left inside an aborted
 * transaction, so a connection that saw an error is discarded rather than handed back to Prisma.
 */
function poolExecutor(pool: pg.Pool) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const client = await pool.connect();
      try {
        const result = await client.query(text, values);
        client.release();
        return result;
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
  };
}
