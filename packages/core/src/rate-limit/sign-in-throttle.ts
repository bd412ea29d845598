import type { Connection } from "../db/connection";
import type { DbOrTx } from "../db/client";
import { runPrepared, type PreparedStatement, type SqlClient } from "../db/prepared-statement";
import { AppError } from "../errors/app-error";

// Per-account throttle for secret checks (S6). The first `limit` consecutive failures are free;
// after that each further attempt waits a back-off that doubles (1 min, 2 min, 4 min ... 24 h).
// An attempt is admitted *before* the secret is checked, by one conditional UPDATE, so a burst of
// concurrent guesses is admitted at most `limit` times, and a correct secret arriving during a
// back-off is refused like any other.

const firstBackoffSeconds = 60;
const maxBackoffSeconds = 24 * 60 * 60;

export type SignInThrottleKey = { tenantId: string; subject: string };

/** The row's key: the value for the key placeholder of `settleSucceededSql`. */
export function throttleKeyOf({ tenantId, subject }: SignInThrottleKey) {
  return `${tenantId}:${subject}`;
}

export type AdmitAttemptOptions = { db: DbOrTx; key: SignInThrottleKey; limit: number };

// Each statement is written once: prepared on the pg path (the password sign-in hot path), and
// the same text through Prisma's raw queries for every other caller (parameters are cast, as pg
// sends them untyped). The sign-in chains the admit into its account lookup and the success
// settle into its session statement, one round trip each, so those two are exported as SQL.

/**
 * The admit: returns the key when the attempt is admitted and no row when it is refused. $1 to
 * $5 are `admitParameters`; a statement that chains it numbers its own parameters from $6.
 */
export const admitSql = `
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
    RETURNING key`;

export function admitParameters({ key, limit }: { key: SignInThrottleKey; limit: number }): unknown[] {
  return [throttleKeyOf(key), key.tenantId, limit, firstBackoffSeconds, maxBackoffSeconds];
}

/**
 * The success settle of the attempt whose key is in the placeholder `keyParameter`. With `onlyIf`,
 * it settles nothing unless that condition holds too.
 */
export function settleSucceededSql(keyParameter: string, onlyIf?: string): string {
  const condition = onlyIf ? ` AND ${onlyIf}` : "";
  return `UPDATE sign_in_throttle SET failures = 0, "inFlight" = greatest(0, "inFlight" - 1), "nextAttemptAt" = now(), "updatedAt" = now() WHERE key = ${keyParameter}${condition}`;
}

const waitStatement: PreparedStatement = {
  name: "rekey_throttle_wait",
  text: `SELECT greatest(1, ceil(extract(epoch FROM "nextAttemptAt" - now())))::int AS "waitSeconds" FROM sign_in_throttle WHERE key = $1::text`,
};
const settleSucceededStatement: PreparedStatement = {
  name: "rekey_throttle_settle_succeeded",
  text: settleSucceededSql("$1::text"),
};
const settleFailedStatement: PreparedStatement = {
  name: "rekey_throttle_settle_failed",
  text: `UPDATE sign_in_throttle SET failures = failures + 1, "inFlight" = greatest(0, "inFlight" - 1), "updatedAt" = now() WHERE key = $1::text`,
};

/** Admits one attempt or throws RATE_LIMITED with the seconds until the next one is allowed. */
export async function admitSignInAttempt(options: AdmitAttemptOptions): Promise<void> {
  const { db, key, limit } = options;
  const id = throttleKeyOf(key);
  // One statement: a first attempt inserts the row already admitted; later ones update it only
  // while the gate is open. The attempt that brings the count to the limit (or beyond) closes
  // the gate for the next back-off at once, before its own result is known, so a concurrent
  // attempt cannot slip in.
  const admitted = await db.$queryRawUnsafe<{ key: string }[]>(admitSql, ...admitParameters({ key, limit }));
  if (admitted.length > 0) return;
  const [row] = await db.$queryRawUnsafe<{ waitSeconds: number }[]>(waitStatement.text, id);
  throw rateLimited(row?.waitSeconds ?? firstBackoffSeconds);
}

/**
 * The RATE_LIMITED error for an attempt `admitSql` refused, with the seconds until the next one
 * is allowed (one more statement, on the refused path only).
 */
export async function getRefusal({ sql, key }: { sql: SqlClient; key: SignInThrottleKey }): Promise<AppError> {
  const [row] = await runPrepared<{ waitSeconds: number }>(sql, waitStatement, [throttleKeyOf(key)]);
  return rateLimited(row?.waitSeconds ?? firstBackoffSeconds);
}

function rateLimited(retryAfterSeconds: number) {
  return new AppError("RATE_LIMITED", tooManyAttemptsMessage(retryAfterSeconds), { retryAfterSeconds });
}

export type SettleAttemptOptions = Connection & { key: SignInThrottleKey; succeeded: boolean };

/** Records the outcome of an admitted attempt: success clears the count, failure adds to it. */
export async function settleSignInAttempt(options: SettleAttemptOptions): Promise<void> {
  const { key, succeeded } = options;
  const id = throttleKeyOf(key);
  if (options.sql) {
    await runPrepared(options.sql, succeeded ? settleSucceededStatement : settleFailedStatement, [id]);
    return;
  }
  await options.db.$executeRawUnsafe((succeeded ? settleSucceededStatement : settleFailedStatement).text, id);
}

export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return `Too many attempts. Try again in ${wait}.`;
}
