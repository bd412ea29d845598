// Vitest global setup for every package whose tests need PostgreSQL: a fresh, migrated database
// per run, on the server named by DATABASE_URL or, when it is unset, on an embedded server that
// lives as long as the test run. Tests share it and isolate themselves by creating their own tenant.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createDatabase, migrate, repoRoot, startEmbeddedPostgres } from "./database";

export const testEncryptionKey = `test1:${randomBytes(32).toString("base64")}`;

export async function setupTestDatabase(): Promise<() => Promise<void>> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(repoRoot, ".data", `test-postgres-${process.pid}`),
      port: 0,
      persistent: false,
    });
    serverUrl = server.url;
    stopServer = server.stop;
  }
  const url = await createDatabase(serverUrl, `rekey_test_${Date.now()}_${randomBytes(3).toString("hex")}`);
  migrate(url);
  process.env.DATABASE_URL = url;
  process.env.REKEY_ENCRYPTION_KEYS ??= testEncryptionKey;
  // Not `process.env.NODE_ENV = ...`: Next's types make NODE_ENV read-only, and apps/web's
  // end-to-end set-up compiles this file under them.
  Object.assign(process.env, { NODE_ENV: "test" });
  return stopServer;
}

/** Vitest's globalSetup entry: `globalSetup: ["@rekey/devtools/vitest-global-setup"]`. */
export default async function globalSetup() {
  const stop = await setupTestDatabase();
  return async () => {
    await stop();
  };
}
