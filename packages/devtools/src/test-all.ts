// `pnpm test`: typecheck every package, then run every package's `test` script (unit, integration
// and end-to-end, each with its own vitest config) one package at a time, against one PostgreSQL
// server for the whole run. Ends with the line `N passed, N failed` and a non-zero exit on any
// failure (CI reads both).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot, startEmbeddedPostgres, type Database } from "./database";
import { forEachLine, signalGroup, stripAnsi, takeOverSignals } from "./processes";

type TaskResult = {
  taskId: string;
  exitCode: number | null;
  passed: number;
  failed: number;
  skipped: number;
  /** Test files vitest reported as failed (a suite that did not load has no failed test). */
  failedFiles: number;
  hasCounts: boolean;
};
type TurboRun = { exitCode: number; tasks: TaskResult[] };

const timeoutMinutes = Number(process.env.REKEY_TEST_TIMEOUT_MINUTES ?? 50);
const turboBin = path.join(repoRoot, "node_modules", ".bin", "turbo");

let database: Database | undefined;
let current: ReturnType<typeof spawn> | undefined;
let interrupted: NodeJS.Signals | undefined;
let timedOut = false;

function say(line: string) {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  takeOverSignals((signal) => {
    if (current && interrupted) {
      signalGroup(current, "SIGKILL");
      return;
    }
    interrupted = signal;
    say(`\n${signal}: stopping the test run`);
    if (current) signalGroup(current, signal);
  });
  const watchdog = setTimeout(
    () => {
      timedOut = true;
      say(`\nThe suite ran past ${timeoutMinutes} minutes (REKEY_TEST_TIMEOUT_MINUTES): stopping it`);
      if (current) {
        signalGroup(current, "SIGTERM");
        setTimeout(() => current && signalGroup(current, "SIGKILL"), 10_000).unref();
      }
    },
    timeoutMinutes * 60_000,
  );
  watchdog.unref();

  let serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    say("Tests use the PostgreSQL server in DATABASE_URL (each run makes its own database there).");
  } else {
    // One server for every package's run; vitest's global set-up (test-database.ts) makes a fresh
    // database on it per run. In the temp folder: throwaway data, and reachable by the `postgres`
    // user when we are root, wherever the checkout lives.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "rekey-test-pg-"));
    database = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
    serverUrl = database.url;
    say(`Started a throwaway PostgreSQL for the tests (${new URL(serverUrl).host}).`);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: serverUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    TURBO_TELEMETRY_DISABLED: "1",
    TURBO_NO_UPDATE_NOTIFIER: "1",
    ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: "1" } : {}),
  };

  say("\n== Typecheck (every package) ==");
  const typecheck = await runTurbo(["run", "typecheck", "--continue"], env);
  let tests: TurboRun = { exitCode: 0, tasks: [] };
  if (!interrupted && !timedOut) {
    say("\n== Tests (every package with a `test` script, one package at a time) ==");
    // Loose env mode: every variable reaches the tests (turbo's default strict mode would drop
    // DATABASE_URL and anything an e2e config reads); test results are never cached anyway.
    tests = await runTurbo(["run", "test", "--concurrency=1", "--continue", "--env-mode=loose"], env);
  }

  return report(typecheck, tests, Date.now() - startedAt);
}

function report(typecheck: TurboRun, tests: TurboRun, elapsedMs: number): number {
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  for (const task of typecheck.tasks) {
    if (task.exitCode !== 0) {
      failed += 1;
      lines.push(`  ${task.taskId}: FAILED`);
    }
  }
  if (typecheck.exitCode !== 0 && typecheck.tasks.every((task) => task.exitCode === 0)) {
    failed += 1;
    lines.push(`  typecheck: turbo failed (exit code ${typecheck.exitCode})`);
  }
  for (const task of tests.tasks) {
    passed += task.passed;
    failed += task.failed;
    let line = `  ${task.taskId}: ${task.passed} passed, ${task.failed} failed${task.skipped ? `, ${task.skipped} skipped` : ""}`;
    if ((task.exitCode !== 0 || task.failedFiles > 0) && task.failed === 0) {
      // Failed outside any test (set-up, a suite that did not load, a crash): still a failure.
      failed += 1;
      line += task.hasCounts ? " (and the run failed outside a test)" : " (the run failed before reporting tests)";
    }
    lines.push(line);
  }
  if (tests.exitCode !== 0 && tests.tasks.every((task) => task.exitCode === 0)) {
    failed += 1;
    lines.push(`  tests: turbo failed (exit code ${tests.exitCode})`);
  }
  if (timedOut) {
    failed += 1;
    lines.push(`  the suite was stopped after ${timeoutMinutes} minutes`);
  }
  if (interrupted) {
    // An interrupted run has not passed, whatever it counted so far.
    failed += 1;
    lines.push(`  interrupted (${interrupted}): results are incomplete`);
  }

  say(`\n== Summary (${Math.round(elapsedMs / 1000)} s) ==`);
  for (const line of lines) say(line);
  say(`${passed} passed, ${failed} failed`);
  if (interrupted) return 130;
  return failed === 0 ? 0 : 1;
}

/** Runs turbo with NDJSON output: every line is tagged with its task, so results are attributable. */
function runTurbo(args: string[], env: NodeJS.ProcessEnv): Promise<TurboRun> {
  if (!existsSync(turboBin)) throw new Error(`turbo is not installed (${turboBin}); run pnpm install`);
  return new Promise((resolve) => {
    const tasks = new Map<string, TaskResult>();
    let summaryFile: string | undefined;
    const child = spawn(turboBin, [...args, "--json", "--summarize"], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: a signal we forward reaches every test process under it.
      detached: true,
    });
    current = child;
    forEachLine(child.stdout, (raw) => {
      let event: { source?: string; level?: string; text?: string };
      try {
        event = JSON.parse(raw) as typeof event;
      } catch {
        process.stdout.write(`${raw}\n`);
        return;
      }
      const text = event.text ?? "";
      if (!event.source || event.source === "turbo") {
        const summary = /Summary:\s+(\S+\.json)/.exec(stripAnsi(text));
        if (summary) summaryFile = summary[1];
        (event.level === "error" ? process.stderr : process.stdout).write(`${text}\n`);
        return;
      }
      const taskId = event.source;
      process.stdout.write(`${taskId.replace("#", ":")}: ${text}\n`);
      const task = tasks.get(taskId) ?? newTask(taskId);
      tasks.set(taskId, task);
      addVitestCounts(task, stripAnsi(text));
    });
    forEachLine(child.stderr, (line) => process.stderr.write(`${line}\n`));
    child.once("error", (error) => {
      process.stderr.write(`could not run turbo: ${error.message}\n`);
      resolve({ exitCode: 1, tasks: [...tasks.values()] });
    });
    child.once("exit", (code, signal) => {
      current = undefined;
      const exitCode = code ?? (signal ? 1 : 0);
      for (const [taskId, taskExit] of readSummary(summaryFile)) {
        const task = tasks.get(taskId) ?? newTask(taskId);
        task.exitCode = taskExit;
        tasks.set(taskId, task);
      }
      // A task the summary does not list did not finish: turbo was stopped while it ran (a
      // signal to turbo alone ends it with 0 and a summary of the tasks that did finish). Without
      // any summary (turbo itself failed), the overall exit code is all there is, and a task that
      // printed output must have finished for it to count.
      const finished = summaryFile !== undefined;
      for (const task of tasks.values()) task.exitCode ??= finished || exitCode === 0 ? 1 : exitCode;
      resolve({ exitCode, tasks: [...tasks.values()].sort((a, b) => a.taskId.localeCompare(b.taskId)) });
    });
  });
}

function newTask(taskId: string): TaskResult {
  return { taskId, exitCode: null, passed: 0, failed: 0, skipped: 0, failedFiles: 0, hasCounts: false };
}

/** vitest's closing summary: `Tests  2 failed | 40 passed | 1 skipped (43)`; a package may print several. */
function addVitestCounts(task: TaskResult, line: string) {
  const files = /^\s*Test Files\s{2,}(.*\(\d+\))\s*$/.exec(line);
  if (files?.[1]) task.failedFiles += Number(/(\d+) failed/.exec(files[1])?.[1] ?? 0);
  const summary = /^\s*Tests\s{2,}(.*\(\d+\))\s*$/.exec(line);
  if (!summary?.[1]) return;
  task.hasCounts = true;
  for (const [, count, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    const n = Number(count);
    if (kind === "passed") task.passed += n;
    else if (kind === "failed") task.failed += n;
    else task.skipped += n;
  }
}

function readSummary(file: string | undefined): Array<[string, number | null]> {
  if (!file || !existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as {
      tasks?: Array<{ taskId: string; execution?: { exitCode?: number | null } }>;
    };
    return (parsed.tasks ?? []).map((task) => [task.taskId, task.execution?.exitCode ?? null]);
  } catch {
    return [];
  }
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  say("0 passed, 1 failed");
} finally {
  await database?.stop();
}
process.exit(exitCode);
