// Child processes of the global set-up. Each runs in its own process group (pnpm, next and their
// workers all in it), so one signal stops the whole tree and nothing is left behind.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";

export type Service = {
  name: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines of its output, for error messages. */
  tail: (lines?: number) => string;
};

const running = new Set<ChildProcess>();
process.on("exit", () => {
  // A runner that dies without teardown must not leave a server holding a port.
  for (const child of running) signalGroup(child, "SIGKILL");
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

export function startService(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): Service {
  const log = createWriteStream(options.logFile, { flags: "a" });
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.add(child);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("error", (error) => {
      log.write(`could not start ${command}: ${error.message}\n`);
      resolve({ code: 127, signal: null });
    });
    child.once("close", (code, signal) => {
      log.end();
      resolve({ code, signal });
    });
  });
  const tail = (lines = 40) => {
    try {
      return readFileSync(options.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  return { name, child, logFile: options.logFile, exited, tail };
}

/** Runs a command to completion; rejects with its output's tail when it fails. */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number },
): Promise<void> {
  const service = startService(name, command, args, options);
  const timer = setTimeout(() => signalGroup(service.child, "SIGKILL"), options.timeoutMs);
  const { code, signal } = await service.exited;
  clearTimeout(timer);
  running.delete(service.child);
  if (code !== 0) {
    throw new Error(`${name} failed (${signal ?? `exit code ${code}`}). Its last output (${options.logFile}):\n${service.tail()}`);
  }
}

/** SIGTERM to the group, SIGKILL after `graceMs`, then SIGKILL again for anything that outlived the leader. */
export async function stopService(service: Service, graceMs = 10_000) {
  const { child } = service;
  if (child.exitCode === null && child.signalCode === null) {
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
    await service.exited;
    clearTimeout(timer);
  }
  signalGroup(child, "SIGKILL");
  running.delete(child);
}

/** Resolves once `check` answers true; rejects when the service exits first or time runs out. */
export async function waitUntil(
  service: Service,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  lastSeen: () => string = () => "",
) {
  let exited = false;
  void service.exited.then(() => {
    exited = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${service.name} exited before ${what}. Its last output (${service.logFile}):\n${service.tail()}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seen = lastSeen();
  throw new Error(`${service.name}: no sign of ${what} after ${timeoutMs / 1000} s${seen ? ` (last: ${seen})` : ""}. Its last output (${service.logFile}):\n${service.tail()}`);
}
