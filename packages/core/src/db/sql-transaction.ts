import type pg from "pg";
import { getPool } from "./client";

/**
 * Runs `work` on one pooled pg client between BEGIN and COMMIT (ROLLBACK if it throws); the
 * client always goes back to the pool. Only for work that needs no Prisma call inside: a Prisma
 * query would run on another connection, outside this transaction.
 */
export async function withSqlTransaction<T>(work: (sql: pg.PoolClient) => Promise<T>, pool: pg.Pool = getPool()): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query("BEGIN");
    try {
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        // A connection that cannot roll back is not handed to the next caller.
        broken = rollbackError;
      });
      throw error;
    }
  } finally {
    client.release(broken instanceof Error ? broken : broken ? new Error("rollback failed") : undefined);
  }
}
