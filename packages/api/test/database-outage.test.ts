import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, migrate, repoRoot, startEmbeddedPostgres, type Database } from "@rekey/devtools/database";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { getDb } from "@rekey/core/db";
import { callerFor, errorCodeOf } from "./support";

// A fault gets a clear error and loses nothing. This file runs on a PostgreSQL server of its own
// (vitest isolates test files, so the shared client here points at it) and stops it mid-test.
describe("when the database goes down", () => {
  let server: Database;
  const dataDir = path.join(repoRoot, ".data", `outage-postgres-${process.pid}`);

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir, port: 0, persistent: true });
    const url = await createDatabase(server.url, "outage");
    migrate(url);
    process.env.DATABASE_URL = url;
  }, 120_000);

  afterAll(async () => {
    await server?.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers UNAVAILABLE with a clear message, then works again with nothing lost", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const caller = await callerFor(tenant);
    await expect(caller.auth.signIn({ email: user.email, password: user.password })).resolves.toMatchObject({ userId: user.id });

    await server.stop();
    const failure = (await caller.auth.signIn({ email: user.email, password: user.password }).catch((error: unknown) => error)) as {
      code?: string;
      message?: string;
      cause?: { code?: string };
    };
    expect(failure.code).toBe("SERVICE_UNAVAILABLE");
    expect(failure.cause?.code).toBe("UNAVAILABLE");
    expect(failure.message).toMatch(/unavailable/i);
    expect(await errorCodeOf(caller.account.signUp({ name: "During Outage", email: "outage@example.test", password: "correct horse battery staple 42" }))).toBe(
      "UNAVAILABLE",
    );

    server = await startEmbeddedPostgres({ dataDir, port: Number(new URL(server.url).port), persistent: true });
    await expect(caller.auth.signIn({ email: user.email, password: user.password })).resolves.toMatchObject({ userId: user.id });
    expect(await getDb().session.count({ where: { userId: user.id } })).toBe(2);
    expect(await getDb().user.count({ where: { tenantId: tenant.id } })).toBe(1);
  });
});
