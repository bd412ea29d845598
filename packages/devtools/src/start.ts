// `pnpm dev`: database, migrations, seed, then the web app and the notification worker, with
// every process stopped in order on Ctrl-C, and everything stopped if one of them dies.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrate, repoRoot, type Database } from "./database";
import { type DevSecrets, loadDevSecrets } from "./dev-secrets";
import { startDevPostgres } from "./dev-postgres";
import {
  forEachLine,
  isPortFree,
  isPortOpen,
  isProcessAlive,
  pnpmCommand,
  processCommandLine,
  processCwd,
  processGroupMembers,
  sleep,
  signalGroup,
  spawnPrefixed,
  stopGroup,
  stripAnsi,
  takeOverSignals,
  type PrefixedChild,
} from "./processes";

const dataRoot = path.join(repoRoot, ".data");
const lockFile = path.join(dataRoot, "dev.pid");
const seedScript = path.join(repoRoot, "packages/core/scripts/seed.ts");

const webPort = Number(process.env.PORT ?? 3000);
const dbPort = Number(process.env.REKEY_DB_PORT ?? 54329);
const appOrigin = (process.env.APP_ORIGIN ?? `http://localhost:${webPort}`).replace(/\/$/, "");

let database: Database | undefined;
const children: PrefixedChild[] = [];
let stopping: Promise<never> | undefined;

function say(line: string) {
  process.stdout.write(`rekey | ${line}\n`);
}

function fail(line: string) {
  process.stderr.write(`rekey | ${line}\n`);
}

async function main() {
  for (const [name, value] of [["PORT", webPort], ["REKEY_DB_PORT", dbPort]] as const) {
    if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a port number`);
  }
  mkdirSync(dataRoot, { recursive: true });
  await takeLock();
  takeOverSignals((signal) => {
    if (stopping) {
      // A second Ctrl-C: stop waiting politely.
      for (const running of children) signalGroup(running.child, "SIGKILL");
      return;
    }
    say(`${signal}: stopping`);
    void shutdown(0);
  });

  const secrets = loadDevSecrets(path.join(dataRoot, "dev-secrets.json"));

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    say(`using the database in DATABASE_URL (${redact(databaseUrl)})`);
  } else {
    const server = await startDevPostgres({
      dataDir: path.join(dataRoot, "postgres"),
      port: dbPort,
      databaseName: "rekey",
      log: say,
    });
    database = server;
    databaseUrl = server.databaseUrl;
    say(`PostgreSQL is up on 127.0.0.1:${dbPort}`);
    void server.exited?.then(() => failUnlessStopping("PostgreSQL stopped unexpectedly"));
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REKEY_ENCRYPTION_KEYS: process.env.REKEY_ENCRYPTION_KEYS || secrets.REKEY_ENCRYPTION_KEYS,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || secrets.NEXTAUTH_SECRET,
    APP_ORIGIN: appOrigin,
    PORT: String(webPort),
    // The dev mail viewer shows every message, also when SMTP_URL delivers a copy somewhere.
    REKEY_DEV_MAILBOX: "1",
    // Webhook endpoints on this machine (http://127.0.0.1:...), for trying webhooks out locally.
    REKEY_WEBHOOK_ALLOW_LOCAL: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "development",
    ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: "1" } : {}),
  };

  say("applying migrations");
  migrate(databaseUrl);
  say("seeding");
  await runSeed({
    ...env,
    REKEY_SEED_ADMIN_PASSWORD: secrets.adminPassword,
    REKEY_SEED_STAFF_TOTP_SECRET: secrets.staffTotpSecret,
    REKEY_SEED_DEMO_API_KEY: secrets.demoApiKey,
  });
  if (stopping) return;

  const web = findWorkspacePackage("@rekey/web", "dev");
  const worker = findWorkspacePackage("@rekey/worker", "start");
  if (web && !(await isPortFree(webPort))) {
    throw new Error(`Port ${webPort} is already in use. Stop whatever holds it, or run on another port: PORT=3001 pnpm dev`);
  }
  for (const [name, found, script] of [["web", web, "dev"], ["worker", worker, "start"]] as const) {
    if (!found) {
      fail(`${name}: no workspace package with a "${script}" script yet; not started`);
      continue;
    }
    const { command, args } = pnpmCommand(["--filter", found, script]);
    const running = spawnPrefixed(name, command, args, { cwd: repoRoot, env, keepLine: (line) => !isStopNoise(line) });
    children.push(running);
    writeLock();
    void running.exited.then(({ code, signal }) =>
      failUnlessStopping(`${name} exited (${signal ?? `code ${code}`}); stopping everything`),
    );
  }

  if (web) await waitForWeb();
  if (stopping) return;
  printBanner(secrets, Boolean(web));
  if (children.length === 0) say("nothing else to run: the database stays up until Ctrl-C");
}

function printBanner(secrets: DevSecrets, hasWeb: boolean) {
  const line = "-".repeat(64);
  const rows = [
    ["App", `${appOrigin}/`],
    ["Dev mail", `${appOrigin}/dev/mail`],
    ["Demo tenant", `${appOrigin}/t/demo/sign-in`],
    ["Strict", `${appOrigin}/t/strict/sign-up (two-step verification required)`],
    ["Staff admin", "admin@rekey.localhost"],
    ["Password", secrets.adminPassword],
    ["Support desk", `${appOrigin}/staff: admin@, agent@, lead@ and lead2@rekey.localhost (same password)`],
    ["Staff codes", `oathtool --totp -b ${secrets.staffTotpSecret} (their authenticator app's key)`],
    ["Contacts demo", `${appOrigin}/t/demo/recovery: alex@demo.localhost, helped by sam@ and robin@demo.localhost (same password)`],
    ["Support demo", `${appOrigin}/t/demo/recovery/support: ask for any demo account; kim@, lee@, pat@, jo@demo.localhost have requests`],
    ["Database", database ? `127.0.0.1:${dbPort} (data in .data/postgres)` : "DATABASE_URL"],
    ["Demo API key", `${secrets.demoApiKey} (tenant demo, test key, every scope)`],
    ["Example app", `REKEY_URL=${appOrigin} REKEY_API_KEY=${secrets.demoApiKey} pnpm --filter @rekey/example-tenant-app start, then http://localhost:4000`],
  ];
  const body = rows.map(([label, value]) => `  ${label?.padEnd(12)} ${value}`).join("\n");
  const status = hasWeb ? "Rekey is running" : "Rekey's database is ready (the web app is not there yet)";
  process.stdout.write(`\n${line}\n  ${status}. Ctrl-C stops everything.\n\n${body}\n${line}\n\n`);
}

async function waitForWeb() {
  // The web server (apps/web/server.ts, with next dev inside) listens a few seconds after start;
  // the first page then compiles on request. The banner comes after that, or after two minutes
  // whatever the web app is doing.
  const deadline = Date.now() + 120_000;
  while (!stopping && Date.now() < deadline) {
    if ((await isPortOpen(webPort)) || (await isPortOpen(webPort, "::1"))) return;
    await sleep(500);
  }
}

function runSeed(env: NodeJS.ProcessEnv): Promise<void> {
  // tsx is devtools' dependency; the seed lives in core, so the loader is passed by absolute URL.
  const tsxLoader = import.meta.resolve("tsx");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsxLoader, seedScript], {
      cwd: path.dirname(path.dirname(seedScript)),
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    forEachLine(child.stdout, (line) => process.stdout.write(`seed | ${line}\n`));
    forEachLine(child.stderr, (line) => process.stderr.write(`seed | ${line}\n`));
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`the seed failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

/** The name of the workspace package called `name` if it has `script`, else null. */
function findWorkspacePackage(name: string, script: string): string | null {
  for (const group of ["apps", "packages"]) {
    const groupDir = path.join(repoRoot, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir)) {
      const manifest = path.join(groupDir, entry, "package.json");
      if (!existsSync(manifest)) continue;
      try {
        const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; scripts?: Record<string, string> };
        if (parsed.name === name && parsed.scripts?.[script]) return name;
      } catch {
        // A half-written package.json of a package in progress: treat as absent.
      }
    }
  }
  return null;
}

type LockRecord = { pid: number; groups: number[] };

/**
 * One `pnpm dev` per checkout: a second one would fight the first over the database. The lock also
 * records the process groups of the apps, so that after a `pnpm dev` killed outright (SIGKILL) the
 * next one can stop the apps it left running (they hold port 3000). PostgreSQL's leftovers are
 * found through its own postmaster.pid (dev-postgres.ts).
 */
async function takeLock() {
  const previous = readLock();
  if (previous && previous.pid !== process.pid && isProcessAlive(previous.pid)) {
    if (processCommandLine(previous.pid)?.includes("start.ts")) {
      throw new Error(`pnpm dev is already running in this checkout (pid ${previous.pid})`);
    }
  }
  for (const pgid of previous?.groups ?? []) {
    // Only groups that still run something from this checkout: pids are reused.
    const members = processGroupMembers(pgid).filter(
      (pid) => processCwd(pid)?.startsWith(repoRoot) || processCommandLine(pid)?.includes(repoRoot),
    );
    if (members.length === 0) continue;
    say(`stopping apps left running by an earlier run (process group ${pgid})`);
    try {
      process.kill(-pgid, "SIGTERM");
    } catch {
      // Gone meanwhile.
    }
    const deadline = Date.now() + 10_000;
    while (processGroupMembers(pgid).length > 0 && Date.now() < deadline) await sleep(200);
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // Gone.
    }
  }
  writeLock();
}

function readLock(): LockRecord | null {
  if (!existsSync(lockFile)) return null;
  try {
    const parsed = JSON.parse(readFileSync(lockFile, "utf8")) as Partial<LockRecord>;
    return typeof parsed.pid === "number" ? { pid: parsed.pid, groups: parsed.groups ?? [] } : null;
  } catch {
    return null;
  }
}

function writeLock() {
  const record: LockRecord = { pid: process.pid, groups: children.flatMap((running) => running.child.pid ?? []) };
  writeFileSync(lockFile, `${JSON.stringify(record)}\n`);
}

function releaseLock() {
  try {
    if (readLock()?.pid === process.pid) rmSync(lockFile);
  } catch {
    // Best effort; a stale lock names a dead pid and is ignored next time.
  }
}

/** pnpm's report that the script it ran was stopped by our signal: noise once we are stopping. */
function isStopNoise(line: string) {
  if (!stopping) return false;
  const plain = stripAnsi(line).trim();
  return /ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL|^Command failed with signal|ELIFECYCLE/.test(plain) || /^\/\S+:$/.test(plain);
}

/**
 * A Ctrl-C reaches PostgreSQL and any short-lived child (prisma, the seed) as well as us, and their
 * exit may be seen before our own SIGINT handler runs: give the signal a moment to be handled so a
 * deliberate stop is not reported as a failure.
 */
async function failUnlessStopping(message: string) {
  await sleep(300);
  if (stopping) return;
  fail(message);
  void shutdown(1);
}

function shutdown(code: number): Promise<never> {
  stopping ??= (async () => {
    // The worker finishes deliveries in flight and gives up on them after 30 s by itself.
    await Promise.all(children.map((running) => stopGroup(running, running.name === "worker" ? 35_000 : 10_000)));
    if (database) {
      say("stopping PostgreSQL");
      await database.stop();
    }
    releaseLock();
    say(code === 0 ? "stopped" : "stopped after a failure");
    process.exit(code);
  })();
  return stopping;
}

function redact(url: string) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "unparsable URL";
  }
}

main().catch((error: unknown) => failUnlessStopping(error instanceof Error ? error.message : String(error)));
