// Reads of the run's database, for tests that check a change's lasting effect where no page shows
// it (scale-out.test.ts: every accepted request's rows, whichever process answered it).
import pg from "pg";
import { inject } from "vitest";
import "./context";

export async function queryRows<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: inject("e2e").databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Row[];
  } finally {
    await client.end();
  }
}
