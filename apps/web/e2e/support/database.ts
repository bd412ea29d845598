// State a test cannot wait for in its time (minutes passing) is prepared through SQL. Only the
// preparation: every assertion still goes through the pages.
import pg from "pg";
import { inject } from "vitest";
import "./context";

async function execute(sql: string, values: unknown[]): Promise<number> {
  const client = new pg.Client({ connectionString: inject("e2e").databaseUrl });
  await client.connect();
  try {
    const result = await client.query(sql, values);
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * Moves the last proof of presence (sign-in or step-up) of every live session of the account
 * `minutes` into the past, as if the person had been busy elsewhere since. Answers the sessions changed.
 */
export function ageLastProof(email: string, minutes: number): Promise<number> {
  return execute(
    `UPDATE "session" SET "authenticatedAt" = "authenticatedAt" - make_interval(mins => $2)
      WHERE "revokedAt" IS NULL AND "userId" IN (SELECT "id" FROM "user" WHERE "email" = $1)`,
    [email.toLowerCase(), minutes],
  );
}

/**
 * Moves the last activity of every live session of the account `minutes` into the past, as if
 * the browser had been left alone since. Answers the sessions changed.
 */
export function ageLastActivity(email: string, minutes: number): Promise<number> {
  return execute(
    `UPDATE "session" SET "lastSeenAt" = "lastSeenAt" - make_interval(mins => $2)
      WHERE "revokedAt" IS NULL AND "userId" IN (SELECT "id" FROM "user" WHERE "email" = $1)`,
    [email.toLowerCase(), minutes],
  );
}

/** Brings the absolute end of every live session of the account to a minute ago. */
export function passAbsoluteEnd(email: string): Promise<number> {
  return execute(
    `UPDATE "session" SET "expiresAt" = now() - interval '1 minute'
      WHERE "revokedAt" IS NULL AND "userId" IN (SELECT "id" FROM "user" WHERE "email" = $1)`,
    [email.toLowerCase()],
  );
}

/**
 * Ends the cooling-off period of every accepted trusted contact of the account, as if a week had
 * passed since they accepted. Answers the contacts changed.
 */
export function endContactsCoolingOff(ownerEmail: string): Promise<number> {
  return execute(
    `UPDATE trusted_contact SET "usableFrom" = now() AT TIME ZONE 'UTC' - interval '1 minute'
      WHERE status = 'accepted' AND "ownerId" IN (SELECT "id" FROM "user" WHERE "email" = $1)`,
    [ownerEmail.toLowerCase()],
  );
}

/** Ends the waiting period of the account's open recovery, as if a day had passed since it started. */
export function endRecoveryWaitingPeriod(ownerEmail: string): Promise<number> {
  return execute(
    `UPDATE contact_recovery SET "waitingUntil" = now() AT TIME ZONE 'UTC' - interval '1 minute'
      WHERE status = 'open' AND "userId" IN (SELECT "id" FROM "user" WHERE "email" = $1)`,
    [ownerEmail.toLowerCase()],
  );
}

/** Ends the waiting period of the account's open support request, as if three days had passed since it was made. */
export function endSupportWaitingPeriod(ownerEmail: string): Promise<number> {
  return execute(
    `UPDATE support_ticket SET "waitingUntil" = now() AT TIME ZONE 'UTC' - interval '1 minute'
      WHERE status = 'open' AND "userId" IN (SELECT "id" FROM "user" WHERE "email" = $1)`,
    [ownerEmail.toLowerCase()],
  );
}

/**
 * Ends the lifetime of every emailed link of the account not used yet, as if it had waited in the
 * inbox too long. Answers the links changed.
 */
export function expireEmailLinks(email: string): Promise<number> {
  return execute(
    `UPDATE "email_token" SET "expiresAt" = (now() AT TIME ZONE 'UTC') - interval '1 hour'
      WHERE "usedAt" IS NULL AND "userId" IN (SELECT "id" FROM "user" WHERE "email" = $1)`,
    [email.toLowerCase()],
  );
}
