// `pnpm soak`: the service under sustained mixed load, through a database outage, under a
// sign-in burst, and fed malformed input, on the production web server (apps/web/server.ts with
// NODE_ENV=production, TRUST_PROXY=1) and the real worker delivering to a local SMTP server, on a
// throwaway embedded PostgreSQL. Each phase prints its figures and a verdict against the targets
// in docs/benchmarks.md ("Soak, fault, burst and fuzz"); no test asserts any of them.
//   REKEY_SOAK_SECONDS        load phase length (default 300)
//   REKEY_SOAK_FAULT_SECONDS  fault phase length (default 60; the outage starts 15 s in)
//   REKEY_SOAK_PHASES         a subset, e.g. "capacity,burst" (default: all five)
//   REKEY_NEXT_DIST_DIR       the Next build to serve (default .next; REKEY_BENCH_SKIP_BUILD=0 builds it)
//   REKEY_SOAK_RATE           arrivals/s for load and fault instead of 80% of the measured capacity
//   REKEY_SOAK_DRAIN_SECONDS  how long to wait for the outbox to drain after the fault (default 600)
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { createDatabase, findFreePort, migrate, repoRoot, startEmbeddedPostgres, type Database } from "../database";
import { isPortOpen, pnpmCommand, processCommandLine, processGroupMembers, sleep, spawnPrefixed, stopGroup, type PrefixedChild } from "../processes";
import { coreSplit, onCores, pin } from "../bench/cpu-affinity";
import { measure, trpcSignIn } from "../bench/sign-in-throughput";
import { rawSignIn, soakClient, totpCode, totpStepNow, type Kind, type Outcome, type SecondFactorAccount } from "./soak-client";
import { startSmtpCounter } from "./smtp-counter";

const allPhases = ["capacity", "load", "fault", "burst", "fuzz"] as const;
type Phase = (typeof allPhases)[number];
const selected = (process.env.REKEY_SOAK_PHASES?.split(",").map((name) => name.trim()) ?? [...allPhases]) as Phase[];
const runs = (phase: Phase) => selected.includes(phase);
const loadSeconds = Number(process.env.REKEY_SOAK_SECONDS ?? 300);
const faultSeconds = Number(process.env.REKEY_SOAK_FAULT_SECONDS ?? 60);
const outageStartSeconds = 15;
const outageSeconds = Number(process.env.REKEY_SOAK_OUTAGE_SECONDS ?? 20);
const capacityConcurrency = Number(process.env.REKEY_SOAK_CAPACITY_CONCURRENCY ?? 8);
const capacitySeconds = 10;
const loadShare = 0.8;
const fuzzRuns = Number(process.env.REKEY_FUZZ_RUNS ?? 10_000);
/** Arrivals per second for load and fault instead of 80% of a measured capacity (skips the capacity phase unless it is asked for). */
const fixedRate = process.env.REKEY_SOAK_RATE ? Number(process.env.REKEY_SOAK_RATE) : null;
/** How long to wait for the outbox to drain after the fault phase. */
const drainSeconds = Number(process.env.REKEY_SOAK_DRAIN_SECONDS ?? 600);

// The mix, as shares of arrivals. A TOTP or recovery-code sign-in is one arrival of two requests.
const mix: [Kind, number][] = [
  ["password-sign-in", 0.4],
  ["session-check", 0.3],
  ["security-page", 0.14],
  ["totp-sign-in", 0.1],
  ["recovery-code-sign-in", 0.06],
];

type SummaryRow = { phase: string; figure: string; value: string; target: string; ok: boolean | null };
const summary: SummaryRow[] = [];
const note = (row: SummaryRow) => summary.push(row);

function percentile(values: number[], share: number) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

const ms = (value: number) => (Number.isNaN(value) ? "-" : `${value.toFixed(0)} ms`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = repoRoot) {
  return execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

function runCoreScript(script: string, env: NodeJS.ProcessEnv) {
  const output = run(process.execPath, ["--import", import.meta.resolve("tsx"), script], env, path.join(repoRoot, "packages/core"));
  return JSON.parse(output.trim().split("\n").at(-1)!) as unknown;
}

/** The web server's node process in its group (taskset execs it; pnpm would not be it). */
function serverPid(web: PrefixedChild): number | null {
  if (web.child.pid === undefined) return null;
  const members = processGroupMembers(web.child.pid);
  return members.find((pid) => processCommandLine(pid)?.includes("server.ts")) ?? web.child.pid;
}

function rssMiB(pid: number | null): number {
  if (pid === null) return NaN;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Which kind each arrival is: the mix's shares, drawn at random. */
function drawKind(): Kind {
  let roll = Math.random();
  for (const [kind, share] of mix) {
    roll -= share;
    if (roll < 0) return kind;
  }
  return mix[0]![0];
}

/**
 * Open loop: arrivals at `rate` per second (exponential gaps, a Poisson process) for `seconds`,
 * each started when its time comes whether or not earlier ones have answered, so a slow server
 * meets more work, not less, as it would in production. Returns every outcome.
 */
async function openLoop(rate: number, seconds: number, start: (index: number) => Promise<Outcome> | null, onTick?: (elapsed: number) => void) {
  const begun = performance.now();
  const end = begun + seconds * 1000;
  const pending = new Set<Promise<void>>();
  const outcomes: Outcome[] = [];
  let next = begun;
  let index = 0;
  let lastTick = begun;
  while (next < end) {
    const wait = next - performance.now();
    if (wait > 1) await sleep(wait);
    const operation = start(index++);
    if (operation) {
      const tracked: Promise<void> = operation.then((outcome) => {
        outcomes.push(outcome);
        pending.delete(tracked);
      });
      pending.add(tracked);
    }
    next += (-Math.log(1 - Math.random()) / rate) * 1000;
    if (onTick && performance.now() - lastTick >= 10_000) {
      lastTick = performance.now();
      onTick((lastTick - begun) / 1000);
    }
  }
  await Promise.all(pending);
  return { outcomes, seconds: (performance.now() - begun) / 1000 };
}

function printByKind(outcomes: Outcome[], seconds: number) {
  const kinds = [...new Set(outcomes.map((outcome) => outcome.kind))];
  console.log(`    ${"kind".padEnd(24)} ${"requests".padStart(8)} ${"errors".padStart(7)} ${"p50".padStart(8)} ${"p99".padStart(8)}`);
  for (const kind of [...kinds, "all" as const]) {
    const of = kind === "all" ? outcomes : outcomes.filter((outcome) => outcome.kind === kind);
    const latencies = of.map((outcome) => outcome.ms);
    console.log(
      `    ${kind.padEnd(24)} ${String(of.length).padStart(8)} ${String(of.filter((outcome) => !outcome.ok).length).padStart(7)} ${ms(percentile(latencies, 0.5)).padStart(8)} ${ms(percentile(latencies, 0.99)).padStart(8)}`,
    );
  }
  console.log(`    ${(outcomes.length / seconds).toFixed(1)} operations/s over ${seconds.toFixed(0)} s`);
}

function printErrors(outcomes: Outcome[], limit = 10) {
  const errors = outcomes.filter((outcome) => !outcome.ok);
  for (const error of errors.slice(0, limit)) console.log(`    error: ${error.kind} HTTP ${error.status} after ${error.ms.toFixed(0)} ms: ${error.detail ?? ""}`);
  if (errors.length > limit) console.log(`    ... and ${errors.length - limit} more`);
}

type Fixture = {
  slug: string;
  tenantId: string;
  burstSlug: string;
  burstTenantId: string;
  burstMaxFailures: number;
  password: string;
  passwordAccounts: string[];
  resetAccounts: string[];
  secondFactorAccounts: SecondFactorAccount[];
  burstAccount: { id: string; email: string };
};

/** The second-factor accounts as a pool: a TOTP code works once per account and 30 s step (S14), a recovery code once. */
function secondFactorPool(accounts: SecondFactorAccount[]) {
  const lastStep = new Map(accounts.map((account) => [account.email, account.lastTotpStep]));
  const codes = accounts.flatMap((account) => account.recoveryCodes.map((code) => ({ email: account.email, code })));
  let nextAccount = 0;
  return {
    /** An account whose app shows a code it has not used yet, and that code; null when every one is spent this step. */
    takeTotp(): { email: string; code: string } | null {
      const step = totpStepNow();
      for (let tried = 0; tried < accounts.length; tried += 1) {
        const account = accounts[nextAccount++ % accounts.length]!;
        if ((lastStep.get(account.email) ?? 0) < step) {
          lastStep.set(account.email, step);
          return { email: account.email, code: totpCode(account.totpSecret, step) };
        }
      }
      return null;
    },
    takeRecoveryCode: () => codes.shift() ?? null,
  };
}

const cleanUps: (() => Promise<void>)[] = [];

async function main() {
  const cores = coreSplit();
  if (cores) pin(process.pid, cores.rest);
  const phasesToRun = new Set(selected);
  // Load and fault run at a share of the measured capacity.
  if ((runs("load") || runs("fault")) && fixedRate === null) phasesToRun.add("capacity");
  console.log(`soak: phases ${allPhases.filter((phase) => phasesToRun.has(phase)).join(", ")}; load ${loadSeconds} s, fault ${faultSeconds} s`);

  const dataDir = path.join(repoRoot, ".data", `soak-postgres-${process.pid}`);
  const postgresPort = await findFreePort();
  let database: Database = await startEmbeddedPostgres({ dataDir, port: postgresPort, persistent: true });
  // Persistent (so the fault phase can start it again on the same folder): removed here, also
  // when a phase throws.
  cleanUps.push(async () => {
    await database.stop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });
  const serverUrl = database.url;
  const databaseUrl = await createDatabase(serverUrl, `rekey_soak_${Date.now()}`);
  migrate(databaseUrl);
  const sink = await startSmtpCounter();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REKEY_ENCRYPTION_KEYS: `soak1:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_TELEMETRY_DISABLED: "1",
    SMTP_URL: sink.url,
    REKEY_NEXT_DIST_DIR: process.env.REKEY_NEXT_DIST_DIR ?? ".next",
  };
  const webDir = path.join(repoRoot, "apps/web");
  if (process.env.REKEY_BENCH_SKIP_BUILD === "0" || !existsSync(path.join(webDir, env.REKEY_NEXT_DIST_DIR!, "BUILD_ID"))) {
    console.log(`building the web app into apps/web/${env.REKEY_NEXT_DIST_DIR} (next build)...`);
    const pnpm = pnpmCommand([]);
    run(pnpm.command, [...pnpm.args, "--filter", "@rekey/web", "build"], env);
  }

  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const start = { command: process.execPath, args: ["--import", "./server-register.mjs", "server.ts"] };
  const onServerCores = cores ? onCores(cores.server, start.command, start.args) : start;
  // TRUST_PROXY=1: one proxy in front, so each request's X-Forwarded-For is its client (the burst
  // comes from many addresses) and the per-IP limiter runs, as in production behind a proxy.
  const web = spawnPrefixed("web", onServerCores.command, onServerCores.args, {
    cwd: webDir,
    env: { ...env, PORT: String(port), APP_ORIGIN: baseUrl, NODE_ENV: "production", TRUST_PROXY: "1" },
    keepLine: (line) => /"level":(50|60)|error/i.test(line) && !/"status":(401|429)/.test(line),
  });
  const workerCommand = pnpmCommand(["--filter", "@rekey/worker", "start"]);
  const worker = spawnPrefixed("worker", workerCommand.command, workerCommand.args, {
    env: { ...env, NODE_ENV: "production" },
    keepLine: (line) => /"level":(50|60)/.test(line),
  });
  let workerExitedAt: number | null = null;
  let stopping = false;
  void worker.exited.then(({ code, signal }) => {
    if (stopping) return;
    workerExitedAt = performance.now();
    console.log(`worker exited (code ${code}, signal ${signal})`);
  });
  const sql = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  sql.on("error", () => {});
  try {
    for (let waited = 0; !(await isPortOpen(port)); waited += 200) {
      if (waited > 90_000) throw new Error("the web server did not start within 90 s");
      await sleep(200);
    }
    const webPid = serverPid(web);

    // 1. Capacity
    let capacity = 0;
    if (phasesToRun.has("capacity")) {
      const benchFixture = runCoreScript("scripts/bench-fixture.ts", env) as { slug: string; email: string; password: string; passwordHash: string };
      const target = { baseUrl, tenantSlug: benchFixture.slug, email: benchFixture.email, password: benchFixture.password, passwordHash: benchFixture.passwordHash };
      const clients = await Promise.all(Array.from({ length: capacityConcurrency }, () => trpcSignIn(target)));
      // Each client's first sign-in is a new device (the slower path with a notice mail); one at a
      // time, so a starved machine does not time them out together.
      for (const first of clients) await first().catch(() => first().catch(() => {}));
      let turn = 0;
      let capacityErrors: string[] = [];
      const signIn = () => clients[turn++ % clients.length]!().catch((error: Error) => void capacityErrors.push(error.message));
      await measure(capacityConcurrency, 5, signIn);
      capacityErrors = [];
      const measured = await measure(capacityConcurrency, capacitySeconds, signIn);
      console.log("");
      console.log(`1. capacity: password sign-ins through auth.signIn, ${capacityConcurrency} closed loops, ${capacitySeconds} s after 5 s warm-up`);
      capacity = (measured.operations - capacityErrors.length) / measured.seconds;
      console.log(`    ${capacity.toFixed(1)} sign-ins/s (${measured.operations - capacityErrors.length} in ${measured.seconds.toFixed(1)} s), ${capacityErrors.length} errors`);
      for (const message of capacityErrors.slice(0, 5)) console.log(`    error: ${message}`);
      note({ phase: "capacity", figure: "password sign-ins/s", value: `${capacity.toFixed(1)} (${capacityErrors.length} errors)`, target: "(reference for load)", ok: null });
    }

    // Sized from the capacity: enough authenticator apps for the TOTP share (one code per app
    // per 30 s step) and enough recovery codes for the recovery share, with room to spare.
    const rate = fixedRate ?? capacity * loadShare;
    const share = (kind: Kind) => mix.find(([name]) => name === kind)![1];
    const totpAccounts = Math.ceil(rate * share("totp-sign-in") * 30 * 1.5) + 4;
    const codesNeeded = rate * share("recovery-code-sign-in") * ((runs("load") ? loadSeconds : 0) + (runs("fault") ? faultSeconds : 0)) * 1.3;
    const secondFactorAccounts = Math.min(400, Math.max(totpAccounts, Math.ceil(codesNeeded / 9), 4));
    const fixtureStarted = performance.now();
    const fixture = runCoreScript("scripts/soak-fixture.ts", {
      ...env,
      REKEY_SOAK_SECOND_FACTOR_ACCOUNTS: String(phasesToRun.has("load") || phasesToRun.has("fault") ? secondFactorAccounts : 0),
    }) as Fixture;
    console.log(`fixture: ${fixture.passwordAccounts.length} password, ${fixture.secondFactorAccounts.length} TOTP + recovery-code, ${fixture.resetAccounts.length} reset accounts in ${((performance.now() - fixtureStarted) / 1000).toFixed(0)} s`);
    const target = { baseUrl, slug: fixture.slug, password: fixture.password };
    const client = soakClient(target);
    const pool = secondFactorPool(fixture.secondFactorAccounts);
    const ipOf = (index: number) => `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${(index & 255) || 1}`;
    const loadIp = (index: number) => ipOf(1 + (index % 200));
    let fallbacks = 0;
    const mixed = (index: number): Promise<Outcome> => {
      const ip = loadIp(index);
      const kind = drawKind();
      const email = fixture.passwordAccounts[index % fixture.passwordAccounts.length]!;
      if (kind === "session-check") return client.sessionCheck(ip);
      if (kind === "security-page") return client.securityPage(ip);
      if (kind === "totp-sign-in") {
        const taken = pool.takeTotp();
        if (taken) return client.secondFactorSignIn("totp-sign-in", taken.email, () => ({ method: "totp", code: taken.code }), ip);
      }
      if (kind === "recovery-code-sign-in") {
        const taken = pool.takeRecoveryCode();
        if (taken) return client.secondFactorSignIn("recovery-code-sign-in", taken.email, () => ({ method: "recovery_code", code: taken.code }), ip);
      }
      if (kind !== "password-sign-in") fallbacks += 1;
      return client.passwordSignIn(email, ip);
    };
    if (phasesToRun.has("load") || phasesToRun.has("fault")) {
      // Every password account signs in once (its device becomes known) and there are sessions to check.
      for (const [index, email] of fixture.passwordAccounts.entries()) {
        const outcome = await client.passwordSignIn(email, loadIp(index));
        if (!outcome.ok) throw new Error(`warm-up sign-in failed: HTTP ${outcome.status} ${outcome.detail}`);
      }
    }

    // 2. Load
    if (runs("load")) {
      const rssStart = rssMiB(webPid);
      console.log("");
      console.log(`2. load: ${loadSeconds} s open loop at ${rate.toFixed(1)} operations/s (${fixedRate === null ? `${loadShare * 100}% of capacity` : "REKEY_SOAK_RATE"}), mix ${mix.map(([kind, value]) => `${kind} ${Math.round(value * 100)}%`).join(", ")}`);
      const { outcomes, seconds } = await openLoop(rate, loadSeconds, mixed, (elapsed) =>
        console.log(`    ... ${elapsed.toFixed(0)} s, web server RSS ${rssMiB(webPid).toFixed(0)} MiB`),
      );
      const rssEnd = rssMiB(webPid);
      printByKind(outcomes, seconds);
      printErrors(outcomes);
      if (fallbacks > 0) console.log(`    ${fallbacks} TOTP or recovery-code arrivals ran as password sign-ins (no unused code left in the pool)`);
      console.log(`    web server RSS: ${rssStart.toFixed(0)} MiB at the start, ${rssEnd.toFixed(0)} MiB at the end (pid ${webPid})`);
      const errors = outcomes.filter((outcome) => !outcome.ok).length;
      const latencies = outcomes.map((outcome) => outcome.ms);
      note({ phase: "load", figure: `operations (${(outcomes.length / seconds).toFixed(1)}/s)`, value: String(outcomes.length), target: "", ok: null });
      note({ phase: "load", figure: "errors", value: String(errors), target: "0", ok: errors === 0 });
      note({ phase: "load", figure: "p50 / p99 (all)", value: `${ms(percentile(latencies, 0.5))} / ${ms(percentile(latencies, 0.99))}`, target: "(reported)", ok: null });
      for (const [kind] of mix) {
        const of = outcomes.filter((outcome) => outcome.kind === kind).map((outcome) => outcome.ms);
        note({ phase: "load", figure: `p50 / p99 ${kind}`, value: `${ms(percentile(of, 0.5))} / ${ms(percentile(of, 0.99))}`, target: "(reported)", ok: null });
      }
      note({ phase: "load", figure: "web server RSS start -> end", value: `${rssStart.toFixed(0)} -> ${rssEnd.toFixed(0)} MiB`, target: "(reported)", ok: null });
    }

    // 3. Fault
    if (runs("fault")) {
      console.log("");
      console.log(`3. fault: ${faultSeconds} s open loop at ${rate.toFixed(1)} operations/s plus 2 password reset requests/s; PostgreSQL stopped ${outageStartSeconds} s in for ${outageSeconds} s`);
      let outageFrom = Infinity;
      let outageTo = Infinity;
      const outage = (async () => {
        await sleep(outageStartSeconds * 1000);
        outageFrom = performance.now();
        const postmasterPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
        // SIGINT is PostgreSQL's fast shutdown (pg_ctl stop -m fast): sessions are cut, nothing is lost.
        process.kill(postmasterPid, "SIGINT");
        await database.exited;
        console.log(`    PostgreSQL stopped ${((performance.now() - outageFrom) / 1000).toFixed(1)} s after the signal`);
        await sleep(Math.max(0, outageSeconds * 1000 - (performance.now() - outageFrom)));
        // The same data folder and port: persistent, so the first stop() does not remove the folder.
        database = await startEmbeddedPostgres({ dataDir, port: postgresPort, persistent: true });
        outageTo = performance.now();
        console.log(`    PostgreSQL started again, ${((outageTo - outageFrom) / 1000).toFixed(1)} s after it was stopped`);
      })();
      let resets = 0;
      const resetEvery = Math.max(1, Math.round(rate / 2));
      const faultStarted = new Date();
      const { outcomes, seconds } = await openLoop(rate + 2, faultSeconds, (index) => {
        if (index % resetEvery === 0) return client.passwordResetRequest(fixture.resetAccounts[resets++ % fixture.resetAccounts.length]!, loadIp(index));
        return mixed(index);
      });
      await outage;
      const before = outcomes.filter((outcome) => outcome.startedAt < outageFrom);
      const during = outcomes.filter((outcome) => outcome.startedAt >= outageFrom && outcome.startedAt < outageTo);
      const after = outcomes.filter((outcome) => outcome.startedAt >= outageTo);
      const statuses = (of: Outcome[]) => {
        const counts = new Map<number, number>();
        for (const outcome of of) counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
        return [...counts.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status === 0 ? "no answer" : status}: ${count}`).join(", ");
      };
      console.log(`    before the outage: ${before.length} requests, ${before.filter((outcome) => !outcome.ok).length} errors`);
      printErrors(before.filter((outcome) => !outcome.ok), 5);
      console.log(`    during the outage: ${during.length} requests by status: ${statuses(during)}; longest wait ${ms(Math.max(0, ...during.map((outcome) => outcome.ms)))}`);
      const bad = during.filter((outcome) => !outcome.ok && outcome.status !== 503);
      const leaks = outcomes.filter((outcome) => outcome.detail?.startsWith("[LEAKS INTERNALS]"));
      const badKinds = new Map<string, number>();
      for (const outcome of bad) badKinds.set(`${outcome.kind} HTTP ${outcome.status}`, (badKinds.get(`${outcome.kind} HTTP ${outcome.status}`) ?? 0) + 1);
      if (bad.length > 0) console.log(`      not a 503: ${[...badKinds.entries()].map(([what, count]) => `${what} x${count}`).join(", ")}`);
      for (const outcome of bad.slice(0, 2)) console.log(`      e.g. ${outcome.kind} HTTP ${outcome.status}: ${outcome.detail?.slice(0, 200)}`);
      console.log(`    answers showing internals (SQL, driver, stack): ${leaks.length}`);
      const firstOk = after.filter((outcome) => outcome.ok).sort((a, b) => a.startedAt - b.startedAt)[0];
      const afterSettled = after.filter((outcome) => outcome.startedAt >= outageTo + 5000);
      console.log(`    after the restart: ${after.length} requests by status: ${statuses(after)}; first success ${firstOk ? `${((firstOk.startedAt - outageTo) / 1000).toFixed(1)} s` : "never"} after it; from 5 s after it: ${afterSettled.filter((outcome) => !outcome.ok).length} errors of ${afterSettled.length}`);
      printErrors(after.filter((outcome) => !outcome.ok), 5);
      printByKind(outcomes, seconds);

      // Outbox: every email row against what the sink received, per recipient, once the queue drains.
      const drainStarted = performance.now();
      let pending = -1;
      let lastReport = drainStarted;
      while (performance.now() - drainStarted < drainSeconds * 1000) {
        const { rows } = await sql.query<{ pending: string }>(`SELECT count(*) AS pending FROM outbox_message WHERE channel = 'email' AND status = 'pending'`).catch(() => ({ rows: [{ pending: "-1" }] }));
        pending = Number(rows[0]!.pending);
        if (pending === 0) break;
        if (performance.now() - lastReport >= 15_000) {
          lastReport = performance.now();
          console.log(`    ... draining: ${pending} email rows pending, ${sink.total()} delivered, ${((lastReport - drainStarted) / 1000).toFixed(0)} s after the load`);
        }
        await sleep(1000);
      }
      await sleep(3000); // late duplicates
      const { rows } = await sql.query<{ recipient: string; rows: string; sent: string; failed: string; since: string }>(
        `SELECT recipient, count(*) AS rows, count(*) FILTER (WHERE status = 'sent') AS sent, count(*) FILTER (WHERE status = 'failed') AS failed,
                count(*) FILTER (WHERE "createdAt" >= $1) AS since
         FROM outbox_message WHERE channel = 'email' GROUP BY recipient`,
        [faultStarted],
      );
      let created = 0;
      let createdInPhase = 0;
      let lost = 0;
      let duplicated = 0;
      let failedRows = 0;
      for (const row of rows) {
        const received = sink.received.get(row.recipient.toLowerCase()) ?? 0;
        created += Number(row.rows);
        createdInPhase += Number(row.since);
        failedRows += Number(row.failed);
        lost += Math.max(0, Number(row.rows) - received);
        duplicated += Math.max(0, received - Number(row.rows));
      }
      const strangers = [...sink.received.keys()].filter((recipient) => !rows.some((row) => row.recipient.toLowerCase() === recipient)).length;
      console.log(
        `    outbox (whole run): ${created} email rows (${createdInPhase} created during this phase), ${sink.total()} delivered to the sink; not delivered ${lost} (of which still pending ${pending}), duplicated ${duplicated}, failed rows ${failedRows}${strangers ? `, ${strangers} recipients with no row` : ""}; drained ${((performance.now() - drainStarted) / 1000).toFixed(0)} s after the load`,
      );
      if (workerExitedAt !== null) console.log("    the worker exited during the run (see above)");
      const non503 = bad.length;
      note({ phase: "fault", figure: "during outage: by status", value: statuses(during), target: "503s, never a 500 with details", ok: non503 === 0 && leaks.length === 0 });
      note({ phase: "fault", figure: "answers showing internals", value: String(leaks.length), target: "0", ok: leaks.length === 0 });
      note({ phase: "fault", figure: "during outage: longest wait", value: ms(Math.max(0, ...during.map((outcome) => outcome.ms))), target: `< ${(10).toFixed(0)} s (no hang)`, ok: Math.max(0, ...during.map((outcome) => outcome.ms)) < 10_000 });
      note({ phase: "fault", figure: "recovers without restart", value: firstOk ? `first success ${((firstOk.startedAt - outageTo) / 1000).toFixed(1)} s after; ${afterSettled.filter((outcome) => !outcome.ok).length} errors from +5 s` : "no", target: "yes, 0 errors from +5 s", ok: firstOk !== undefined && afterSettled.every((outcome) => outcome.ok) });
      note({ phase: "fault", figure: "outbox rows / delivered", value: `${created} / ${sink.total()} (not delivered ${lost}, duplicated ${duplicated})`, target: "0 lost, 0 duplicated", ok: lost === 0 && duplicated === 0 && pending === 0 });
      note({ phase: "fault", figure: "worker still running", value: workerExitedAt === null ? "yes" : "no", target: "yes", ok: workerExitedAt === null });
    }

    // 4. Burst
    if (runs("burst")) {
      const budget = fixture.burstMaxFailures;
      const burstTarget = { baseUrl, slug: fixture.burstSlug, password: fixture.password };
      const email = fixture.burstAccount.email;
      const attempts = budget * 4;
      console.log("");
      console.log(`4. burst: ${attempts} wrong passwords at once (4x the budget of ${budget}) on one account, each from its own address, then the right one`);
      const answers = await Promise.all(Array.from({ length: attempts }, (_, index) => rawSignIn(burstTarget, email, `wrong password ${index} ${randomBytes(4).toString("hex")}`, `192.0.2.${index + 1}`)));
      const byStatus = new Map<number, number>();
      for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const admitted = byStatus.get(401) ?? 0;
      const right = await rawSignIn(burstTarget, email, fixture.password, "198.51.100.200");
      const { rows: throttle } = await sql.query<{ failures: number; inFlight: number; nextAttemptAt: Date }>(`SELECT failures, "inFlight", "nextAttemptAt" FROM sign_in_throttle WHERE "tenantId" = $1`, [fixture.burstTenantId]);
      const { rows: audit } = await sql.query<{ type: string; count: string }>(`SELECT type, count(*) AS count FROM audit_event WHERE "tenantId" = $1 AND type LIKE 'account.sign_in%' GROUP BY type`, [fixture.burstTenantId]);
      const failedEvents = Number(audit.find((row) => row.type === "account.sign_in_failed")?.count ?? 0);
      const counted = throttle[0]?.failures ?? 0;
      console.log(`    answers: ${[...byStatus.entries()].map(([status, count]) => `${status}: ${count}`).join(", ")}`);
      console.log(`    failures admitted (checked, 401): ${admitted}; counted in sign_in_throttle: ${counted} (in flight ${throttle[0]?.inFlight ?? 0}); audit events: ${audit.map((row) => `${row.type} ${row.count}`).join(", ")}`);
      console.log(`    right password during the back-off: HTTP ${right.status} ${right.body.slice(0, 200)}`);
      const refused = right.status === 429 && !/sessionToken/.test(right.body);
      note({ phase: "burst", figure: `failures admitted of ${attempts}`, value: `${admitted} (throttle row ${counted}, audit ${failedEvents})`, target: `<= ${budget}`, ok: admitted <= budget && counted <= budget && failedEvents <= budget });
      note({ phase: "burst", figure: "right password during back-off", value: `HTTP ${right.status}`, target: "refused (429)", ok: refused });
    }
  } finally {
    stopping = true;
    await stopGroup(web, 10_000);
    await stopGroup(worker, 20_000);
    await sql.end().catch(() => {});
    await sink.close();
  }

  // 5. Fuzz, after the servers stop: it runs the api's own test against its own database.
  if (runs("fuzz")) {
    console.log("");
    const testFile = path.join(repoRoot, "packages/api/test/malformed-input-fuzz.test.ts");
    if (!existsSync(testFile)) {
      console.log("5. fuzz: SKIPPED, packages/api/test/malformed-input-fuzz.test.ts does not exist yet");
      note({ phase: "fuzz", figure: "malformed-input fuzz", value: "skipped (no test file)", target: "passes", ok: null });
    } else {
      console.log(`5. fuzz: REKEY_FUZZ_RUNS=${fuzzRuns} vitest run test/malformed-input-fuzz.test.ts`);
      const started = performance.now();
      const command = pnpmCommand(["--filter", "@rekey/api", "exec", "vitest", "run", "test/malformed-input-fuzz.test.ts"]);
      const { NODE_ENV: _nodeEnv, ...fuzzEnv } = process.env;
      const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(command.command, command.args, { cwd: repoRoot, env: { ...fuzzEnv, DATABASE_URL: serverUrl, REKEY_FUZZ_RUNS: String(fuzzRuns) }, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.on("exit", (exitCode) => resolve({ code: exitCode, output }));
      });
      // eslint-disable-next-line no-control-regex
      const plain = output.replace(/\u001b\[[0-9;]*m/g, "");
      const counts = plain.split("\n").filter((line) => /^\s*schema fuzz:|^\s*Tests\s+\d|^\s*Test Files/.test(line));
      for (const line of counts) console.log(`    ${line.trim()}`);
      if (code !== 0) console.log(plain.split("\n").slice(-40).join("\n"));
      console.log(`    ${code === 0 ? "passed" : `FAILED (exit ${code})`} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const fuzzLine = counts.find((line) => /schema fuzz:/.test(line));
      note({ phase: "fuzz", figure: `malformed inputs (REKEY_FUZZ_RUNS=${fuzzRuns})`, value: `${code === 0 ? "passed" : "FAILED"}${fuzzLine ? `: ${fuzzLine.trim().slice(0, 160)}` : ""}`, target: "passes", ok: code === 0 });
    }
  }
  console.log("");
  console.log("summary");
  console.log(`  ${"phase".padEnd(9)} ${"figure".padEnd(36)} ${"value".padEnd(50)} ${"target".padEnd(32)} verdict`);
  for (const row of summary) {
    console.log(`  ${row.phase.padEnd(9)} ${row.figure.padEnd(36)} ${row.value.padEnd(50)} ${row.target.padEnd(32)} ${row.ok === null ? "" : row.ok ? "OK" : "FAILED"}`);
  }
  if (summary.some((row) => row.ok === false)) process.exitCode = 1;
}

try {
  await main();
} finally {
  for (const cleanUp of cleanUps) await cleanUp();
}
