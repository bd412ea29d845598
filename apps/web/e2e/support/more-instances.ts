// Another web server and another worker beside the suite's own, with exactly their environment
// (database, secrets, SMTP and SMS sinks): the service as several processes on one PostgreSQL.
// Each runs in its own process group (processes.ts); the caller stops it with stopService.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { repoRoot, reservePort } from "@rekey/devtools/database";
import { inject } from "vitest";
import "./context";
import { type Service, startService, stopService, waitUntil } from "./processes";

const supportDir = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(supportDir, "../..");
const workerDir = path.join(repoRoot, "apps/worker");
/** What smtp-recipient-log.ts, loaded into the worker, prints before each address. */
const smtpRecipientLine = "e2e: handed to SMTP for ";
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Beside the suite's own logs, so REKEY_E2E_KEEP_LOGS=1 keeps them too. */
function logFileFor(name: string) {
  return path.join(path.dirname(inject("e2e").webLogFile), `${name}.log`);
}

export type WebInstance = { baseUrl: string; service: Service };

/** server.ts on a port of its own, as the suite's web server runs; resolves once it serves /sign-in. */
export async function startWebInstance(name: string): Promise<WebInstance> {
  const { port, release } = await reservePort();
  await release();
  const service = startService(name, process.execPath, ["--import", "./server-register.mjs", "server.ts"], {
    cwd: webDir,
    env: { ...inject("e2e").serviceEnv, PORT: String(port) },
    logFile: logFileFor(name),
  });
  const baseUrl = `http://localhost:${port}`;
  try {
    await waitUntil(service, "answering /sign-in", async () => (await fetch(`${baseUrl}/sign-in`)).status === 200, 90_000);
  } catch (error) {
    await stopService(service);
    throw error;
  }
  return { baseUrl, service };
}

export type WorkerInstance = {
  service: Service;
  /** The addresses this worker has handed a message to the SMTP server for, one entry per message. */
  deliveredTo: () => string[];
};

/** The outbox and event worker (apps/worker), as the suite's runs, telling which mail it delivered. */
export async function startWorkerInstance(name: string): Promise<WorkerInstance> {
  const service = startService(name, process.execPath, ["--import", tsx, "--import", pathToFileURL(path.join(supportDir, "smtp-recipient-log.ts")).href, "src/main.ts"], {
    cwd: workerDir,
    env: inject("e2e").serviceEnv,
    logFile: logFileFor(name),
  });
  const log = () => readFileSync(service.logFile, "utf8");
  try {
    await waitUntil(service, "delivering mail and numbering events", async () => log().includes("delivering outbox mail via SMTP") && log().includes("numbering security events"), 60_000);
  } catch (error) {
    await stopService(service, 15_000);
    throw error;
  }
  const deliveredTo = () =>
    log()
      .split("\n")
      .filter((line) => line.startsWith(smtpRecipientLine))
      .map((line) => line.slice(smtpRecipientLine.length).trim().toLowerCase());
  return { service, deliveredTo };
}
