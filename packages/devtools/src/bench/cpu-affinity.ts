// Which cores each side of the sign-in bench may use. The web server is the system under test:
// it gets half the cores to itself, and the hash baseline runs on those same cores. The load
// generator (this process) and PostgreSQL share the other half, as they would live on other
// machines in production; their CPU per sign-in is still printed. Without the split all three
// take turns on every core, and the ratio measures the load generator and the database as much
// as the server (docs/benchmarks.md, "Cores").
//
// Linux's `taskset` (util-linux) sets the affinity; where it or a second core is missing the
// bench runs unpinned and says so.
import { execFileSync, spawnSync } from "node:child_process";
import os from "node:os";

export type CoreSplit = { server: string; rest: string };

/** The split, or null when the machine cannot pin (one core, no taskset) or REKEY_BENCH_PIN=0. */
export function coreSplit(): CoreSplit | null {
  if (process.env.REKEY_BENCH_PIN === "0") return null;
  const cores = os.availableParallelism();
  if (cores < 2 || spawnSync("taskset", ["--version"]).status !== 0) return null;
  const serverCores = Math.floor(cores / 2);
  return { server: `0-${serverCores - 1}`, rest: `${serverCores}-${cores - 1}` };
}

/**
 * Pins a running process and every thread it has; threads and processes it starts later inherit
 * the setting (so PostgreSQL, started by the bench, runs where the bench runs).
 */
export function pin(pid: number, cpus: string) {
  execFileSync("taskset", ["--all-tasks", "--cpu-list", "--pid", cpus, String(pid)], { stdio: "ignore" });
}

/** The command and arguments that start `command` on the given cores. */
export function onCores(cpus: string, command: string, args: string[]): { command: string; args: string[] } {
  return { command: "taskset", args: ["--cpu-list", cpus, command, ...args] };
}
