import { afterAll, describe, expect, it } from "vitest";
import { getPool } from "../../src/db/client";
import { checkReadiness, startWorkerHeartbeat } from "../../src/operations";

// /health/ready keeps a load balancer from sending people to a replica that would fail them: one
// whose build has a migration the database lacks, or one with no worker to send the notices.

describe("readiness", () => {
  const stops: (() => void)[] = [];
  afterAll(() => stops.forEach((stop) => stop()));

  it("is ready with every shipped migration applied and a worker beating", async () => {
    const heartbeat = await startWorkerHeartbeat(getPool());
    stops.push(() => heartbeat.stop());
    expect(await checkReadiness(getPool())).toEqual({ status: "up", checks: { database: { status: "up" }, migrations: { status: "up" }, worker: { status: "up" } } });
  });

  it("is not ready while a migration of this build is not applied yet", async () => {
    const heartbeat = await startWorkerHeartbeat(getPool());
    stops.push(() => heartbeat.stop());
    const client = await getPool().connect();
    try {
      // Hidden inside a transaction that is rolled back: the row is back for everyone else after.
      await client.query("BEGIN");
      await client.query(`DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`);
      const pool = { query: client.query.bind(client) } as unknown as Parameters<typeof checkReadiness>[0];
      const readiness = await checkReadiness(pool);
      expect(readiness.status).toBe("down");
      expect(readiness.checks.migrations).toEqual({ status: "down", detail: "1 not applied" });
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });

  it("answers within its bound when the database hangs, and names no host", async () => {
    const hanging = { query: () => new Promise(() => {}) } as unknown as Parameters<typeof checkReadiness>[0];
    const readiness = await checkReadiness(hanging, { timeoutMs: 50 });
    expect(readiness).toMatchObject({ status: "down", checks: { database: { status: "down", detail: "no answer within 50 ms" } } });
  });
});
