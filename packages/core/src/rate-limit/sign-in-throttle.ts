import type { Connection } from "../db/connection";
import { runPrepared, type PreparedStatement } from "../db/prepared-statement";
import { AppError } from "../errors/app-error";

// Per-account throttle for secret checks (S6). The first `limit` consecutive failures are free;
// after that each further attempt waits a back-off that doubles (1 min, 2 min, 4 min ... 24 h).
// An attempt is admitted *before* the secret is checked, by one conditional UPDATE, so a burst of
// concurrent guesses is admitted at most `limit` times, and a correct secret arriving during a
// back-off is refused like any other.

const firstBackoffSeconds = 60;
const maxBackoffSeconds = 24 * 60 * 60;

export type SignInThrottleKey = { tenantId: string; subject: string };

function keyOf({ tenantId, subject }: SignInThrottleKey) {
  return `${tenantId}:${subject}`;
}

export type AdmitAttemptOptions = Connection & { key: SignInThrottleKey; limit: number };

// The same statements as the Prisma versions below, for the pg path. Parameters are cast, as pg
// sends them untyped.
const admitStatement: PreparedStatement = {
  name: "rekey_throttle_admit",
  text: `
    INSERT INTO sign_in_throttle AS t (key, "tenantId", "inFlight", "nextAttemptAt", "updatedAt")
    VALUES ($1::text, $2::text, 1, CASE WHEN 1 >= $3::int THEN now() + make_interval(secs => $4::float8) ELSE now() END, now())
    ON CONFLICT (key) DO UPDATE SET
      "inFlight" = t."inFlight" + 1,
      "nextAttemptAt" = CASE
        WHEN t.failures + t."inFlight" + 1 >= $3::int
        THEN now() + make_interval(secs => least($5::float8, $4::float8 * power(2, t.failures + t."inFlight" + 1 - $3::int)))
        ELSE t."nextAttemptAt" END,
      "updatedAt" = now()
    WHERE t.failures + t."inFlight" < $3::int OR t."nextAttemptAt" <= now()
    RETURNING key`,
};
const waitStatement: PreparedStatement = {
  name: "rekey_throttle_wait",
  text: `SELECT greatest(1, ceil(extract(epoch FROM "nextAttemptAt" - now())))::int AS "waitSeconds" FROM sign_in_throttle WHERE key = $1::text`,
};
const settleSucceededStatement: PreparedStatement = {
  name: "rekey_throttle_settle_succeeded",
  text: `UPDATE sign_in_throttle SET failures = 0, "inFlight" = greatest(0, "inFlight" - 1), "nextAttemptAt" = now(), "updatedAt" = now() WHERE key = $1::text`,
};
const settleFailedStatement: PreparedStatement = {
  name: "rekey_throttle_settle_failed",
  text: `UPDATE sign_in_throttle SET failures = failures + 1, "inFlight" = greatest(0, "inFlight" - 1), "updatedAt" = now() WHERE key = $1::text`,
};

/** Admits one attempt or throws RATE_LIMITED with the seconds until the next one is allowed. */
export async function admitSignInAttempt(options: AdmitAttemptOptions): Promise<void> {
  const { key, limit } = options;
  const id = keyOf(key);
  if (options.sql) {
    const { sql } = options;
    const admittedRows = await runPrepared(sql, admitStatement, [id, key.tenantId, limit, firstBackoffSeconds, maxBackoffSeconds]);
    if (admittedRows.length > 0) return;
    const [waitRow] = await runPrepared<{ waitSeconds: number }>(sql, waitStatement, [id]);
    throw rateLimited(waitRow?.waitSeconds ?? firstBackoffSeconds);
  }
  const { db } = options;
  // One statement: a first attempt inserts the row already admitted; later ones update it only
  // while the gate is open. The attempt that brings the count to the limit (or beyond) closes
  // the gate for the next back-off at once, before its own result is known, so a concurrent
  // attempt cannot slip in.
  const admitted = await db.$queryRaw<{ key: string }[]>`
    INSERT INTO sign_in_throttle AS t (key, "tenantId", "inFlight", "nextAttemptAt", "updatedAt")
    VALUES (${id}, ${key.tenantId}, 1, CASE WHEN 1 >= ${limit} THEN now() + make_interval(secs => ${firstBackoffSeconds}) ELSE now() END, now())
    ON CONFLICT (key) DO UPDATE SET
      "inFlight" = t."inFlight" + 1,
      "nextAttemptAt" = CASE
        WHEN t.failures + t."inFlight" + 1 >= ${limit}
        THEN now() + make_interval(secs => least(${maxBackoffSeconds}, ${firstBackoffSeconds} * power(2, t.failures + t."inFlight" + 1 - ${limit})))
        ELSE t."nextAttemptAt" END,
      "updatedAt" = now()
    WHERE t.failures + t."inFlight" < ${limit} OR t."nextAttemptAt" <= now()
    RETURNING key`;
  if (admitted.length > 0) return;
  const [row] = await db.$queryRaw<{ waitSeconds: number }[]>`
    SELECT greatest(1, ceil(extract(epoch FROM "nextAttemptAt" - now())))::int AS "waitSeconds"
    FROM sign_in_throttle WHERE key = ${id}`;
  throw rateLimited(row?.waitSeconds ?? firstBackoffSeconds);
}

function rateLimited(retryAfterSeconds: number) {
  return new AppError("RATE_LIMITED", tooManyAttemptsMessage(retryAfterSeconds), { retryAfterSeconds });
}

export type SettleAttemptOptions = Connection & { key: SignInThrottleKey; succeeded: boolean };

/** Records the outcome of an admitted attempt: success clears the count, failure adds to it. */
export async function settleSignInAttempt(options: SettleAttemptOptions): Promise<void> {
  const { key, succeeded } = options;
  const id = keyOf(key);
  if (options.sql) {
    await runPrepared(options.sql, succeeded ? settleSucceededStatement : settleFailedStatement, [id]);
    return;
  }
  const { db } = options;
  if (succeeded) {
    await db.$executeRaw`
      UPDATE sign_in_throttle SET failures = 0, "inFlight" = greatest(0, "inFlight" - 1), "nextAttemptAt" = now(), "updatedAt" = now()
      WHERE key = ${id}`;
  } else {
    await db.$executeRaw`
      UPDATE sign_in_throttle SET failures = failures + 1, "inFlight" = greatest(0, "inFlight" - 1), "updatedAt" = now()
      WHERE key = ${id}`;
  }
}

export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return `Too many attempts. Try again in ${wait}.`;
}
