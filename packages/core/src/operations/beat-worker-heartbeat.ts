import { hostname } from "node:os";
import type pg from "pg";

// A running worker says so every few seconds (the web servers' readiness check reads it). One row
// per process; rows of workers gone for a day are removed by whichever worker beats next.

const BEAT_INTERVAL_MS = 5_000;

const beatStatement = `
  WITH beat AS (
    INSERT INTO worker_heartbeat (id, "startedAt", "beatAt") VALUES ($1, $2, now())
    ON CONFLICT (id) DO UPDATE SET "beatAt" = now()
  )
  DELETE FROM worker_heartbeat WHERE "beatAt" < now() - interval '1 day'`;

/** Beats now and every 5 s until stopped; a failed beat is retried on the next one. */
export async function startWorkerHeartbeat(pool: pg.Pool, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}) {
  const id = `${hostname()}:${process.pid}`;
  const startedAt = new Date();
  const beat = () => pool.query(beatStatement, [id, startedAt]).then(() => undefined);
  await beat();
  const timer = setInterval(() => void beat().catch((error: unknown) => options.onError?.(error)), options.intervalMs ?? BEAT_INTERVAL_MS);
  timer.unref();
  return {
    id,
    stop() {
      clearInterval(timer);
    },
  };
}
