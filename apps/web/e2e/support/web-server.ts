// Starts apps/web/server.ts as `pnpm start` does, beside the suite's own server, with a
// configuration of the test's choosing: for what a server does at start-up and when what it
// depends on is missing.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort } from "@rekey/devtools/database";
import { inject } from "vitest";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type StartedWebServer = {
  baseUrl: string;
  /** Everything it printed so far. */
  output: () => string;
  /** Resolves with its exit code when it stops on its own. */
  exited: Promise<{ code: number | null }>;
  /** Sends `signal` (SIGTERM for a graceful stop) and leaves waiting to `exited`. */
  signal: (signal: NodeJS.Signals) => void;
  stop: () => Promise<void>;
};

/** `overrides` replace the suite's configuration; an undefined value removes the variable. */
export async function startWebServer(overrides: Record<string, string | undefined> = {}): Promise<StartedWebServer> {
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: inject("e2e").databaseUrl,
    REKEY_ENCRYPTION_KEYS: `boot1:${randomBytes(32).toString("base64")}`,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    APP_ORIGIN: `http://localhost:${port}`,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    // The suite's build, wherever it was made.
    ...(process.env.REKEY_NEXT_DIST_DIR ? { REKEY_NEXT_DIST_DIR: process.env.REKEY_NEXT_DIST_DIR } : {}),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child: ChildProcess = spawn(process.execPath, ["--import", "./server-register.mjs", "server.ts"], { cwd: webDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null }>((resolve) => child.once("exit", (code) => resolve({ code })));
  return {
    baseUrl: `http://localhost:${port}`,
    output: () => output,
    exited,
    signal: (signal) => void child.kill(signal),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Waits until the server listens; throws with its output if it stops first. */
export async function waitUntilListening(server: StartedWebServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stopped = false;
  void server.exited.then(() => (stopped = true));
  while (Date.now() < deadline) {
    if (stopped) throw new Error(`the web server stopped:\n${server.output()}`);
    if (server.output().includes("listening on")) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the web server did not listen within ${timeoutMs} ms:\n${server.output()}`);
}
