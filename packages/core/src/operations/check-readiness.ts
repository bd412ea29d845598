import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type pg from "pg";

// What /health/ready answers (the web servers'): whether this replica should get traffic. Three
// checks, read in one statement so a probe costs one round trip:
// - the database answers (within `timeoutMs`; a hung connection is a failed check, not a hung probe);
// - every migration this build ships is applied (a replica of a newer build waits for
//   `prisma migrate deploy` instead of serving a schema it does not know);
// - a worker beat recently. Without one, no mail, text or webhook leaves, and an account's owner
//   would not hear that someone started a recovery of their account: serving sign-ins and
//   recoveries without those notices is not a state to route people into.

export type ReadinessCheck = { status: "up" | "down"; detail?: string };
export type Readiness = { status: "up" | "down"; checks: { database: ReadinessCheck; migrations: ReadinessCheck; worker: ReadinessCheck } };

/** A worker that has not beaten for this long counts as gone (it beats every 5 s). */
export const WORKER_STALE_SECONDS = 30;

const migrationsDir = fileURLToPath(new URL("../../../../prisma/migrations", import.meta.url));
let shipped: string[] | undefined;

/** The migrations this build ships, read once (the directory does not change while it runs). */
function shippedMigrations(): string[] {
  shipped ??= readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return shipped;
}

const readinessQuery = `
  SELECT
    (SELECT coalesce(array_agg(migration_name), '{}') FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL) AS applied,
    (SELECT extract(epoch FROM now() - max("beatAt"))::float8 FROM worker_heartbeat) AS "workerSilentSeconds"`;

export async function checkReadiness(pool: pg.Pool, options: { timeoutMs?: number } = {}): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  let row: { applied: string[]; workerSilentSeconds: number | null };
  try {
    const result = await withTimeout(pool.query<{ applied: string[]; workerSilentSeconds: number | null }>(readinessQuery), timeoutMs);
    row = result.rows[0]!;
  } catch (error) {
    // A database that answers without our tables has had no migration at all.
    if ((error as { code?: unknown }).code === "42P01") {
      const unknown: ReadinessCheck = { status: "down", detail: "no schema" };
      return { status: "down", checks: { database: { status: "up" }, migrations: { status: "down", detail: "none applied" }, worker: unknown } };
    }
    // The reason names no host or credential: a timeout, or "unreachable".
    const detail = error instanceof TimeoutError ? `no answer within ${timeoutMs} ms` : "unreachable";
    const unknown: ReadinessCheck = { status: "down", detail: "database unreachable" };
    return { status: "down", checks: { database: { status: "down", detail }, migrations: unknown, worker: unknown } };
  }
  const applied = new Set(row.applied);
  const missing = shippedMigrations().filter((name) => !applied.has(name));
  const migrations: ReadinessCheck = missing.length === 0 ? { status: "up" } : { status: "down", detail: `${missing.length} not applied` };
  const silent = row.workerSilentSeconds;
  const worker: ReadinessCheck =
    silent === null
      ? { status: "down", detail: "no worker has run" }
      : silent > WORKER_STALE_SECONDS
        ? { status: "down", detail: `last beat ${Math.round(silent)} s ago` }
        : { status: "up" };
  const checks = { database: { status: "up" } as ReadinessCheck, migrations, worker };
  return { status: migrations.status === "up" && worker.status === "up" ? "up" : "down", checks };
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
