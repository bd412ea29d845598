// Once per run: a fresh migrated database, the seed, a real SMTP server and a stand-in for the SMS
// provider's HTTP API, the outbox worker delivering to them, and the production build of the web
// app under its own server (server.ts), reached at http://localhost:<port>. Everything is stopped again in
// teardown.
//
// REKEY_E2E_SKIP_BUILD=1 reuses an existing build (for iterating on the tests only): the one in
// REKEY_NEXT_DIST_DIR when set (next.config.ts builds there too), else .next.
// REKEY_E2E_KEEP_LOGS=1 keeps the temp folder with the mail and server logs after the run.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { repoRoot, reservePort } from "@rekey/devtools/database";
import { newBase32Key } from "@rekey/devtools/dev-secrets";
import { setupTestDatabase } from "@rekey/devtools/vitest-global-setup";
import type { TestProject } from "vitest/node";
import "./support/context";
import { runToCompletion, type Service, startService, stopService, waitUntil } from "./support/processes";
import { type SmsSink, startSmsSink } from "./support/sms-sink";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const workerDir = path.join(repoRoot, "apps/worker");
const coreDir = path.join(repoRoot, "packages/core");
const nextBin = path.join(webDir, "node_modules/next/dist/bin/next");
const adminEmail = "admin@rekey.localhost";

function say(line: string) {
  process.stderr.write(`e2e | ${line}\n`);
}

/** The runner's environment minus vitest's own markers, which must not change how the apps behave. */
function baseEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("VITEST") || key === "TEST" || key === "NODE_ENV") continue;
    env[key] = value;
  }
  return env;
}

export default async function setup(project: TestProject) {
  const startedAt = Date.now();
  const workDir = mkdtempSync(path.join(os.tmpdir(), "rekey-e2e-"));
  const mailFile = path.join(workDir, "mail.jsonl");
  writeFileSync(mailFile, "");
  const smsFile = path.join(workDir, "sms.jsonl");
  writeFileSync(smsFile, "");
  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => say(`teardown: ${error instanceof Error ? error.message : String(error)}`));
    }
    if (process.env.REKEY_E2E_KEEP_LOGS === "1") say(`logs kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  };

  try {
    // A fixed key per run: the web app seals outbox bodies with it, the worker opens them.
    process.env.REKEY_ENCRYPTION_KEYS = `e2e1:${randomBytes(32).toString("base64")}`;
    const stopDatabase = await setupTestDatabase();
    cleanups.push(stopDatabase);
    const databaseUrl = process.env.DATABASE_URL ?? "";
    const adminPassword = `e2e-admin-${randomBytes(12).toString("base64url")}`;
    // The staff's authenticator app key, as `pnpm dev` makes one.
    const staffTotpKey = newBase32Key();

    // Held until the web server starts, a build later; released just before it listens.
    const { port: webPort, release: releaseWebPort } = await reservePort();
    cleanups.push(releaseWebPort);
    // localhost, not 127.0.0.1: WebAuthn needs a domain as its relying party id (an IP address is
    // refused), and Chromium treats localhost as a secure context like 127.0.0.1.
    const baseUrl = `http://localhost:${webPort}`;
    const smtp: SmtpSink = await startSmtpSink(mailFile);
    cleanups.push(smtp.close);
    const sms: SmsSink = await startSmsSink(workDir, smsFile);
    cleanups.push(sms.close);

    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      DATABASE_URL: databaseUrl,
      REKEY_ENCRYPTION_KEYS: process.env.REKEY_ENCRYPTION_KEYS,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      APP_ORIGIN: baseUrl,
      SMTP_URL: smtp.url,
      // The production path for texts: the Twilio adapter, against the sink over https.
      ...sms.env,
      NODE_EXTRA_CA_CERTS: sms.caFile,
      REKEY_DEV_MAILBOX: "0",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    // tsx's ESM loader, for the TypeScript entry points of the seed and the worker.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

    say("seeding the default and demo tenants");
    await runToCompletion("seed", process.execPath, ["--import", tsx, "scripts/seed.ts"], {
      cwd: coreDir,
      env: { ...env, REKEY_SEED_ADMIN_PASSWORD: adminPassword, REKEY_SEED_STAFF_TOTP_SECRET: staffTotpKey },
      logFile: path.join(workDir, "seed.log"),
      timeoutMs: 60_000,
    });

    const worker: Service = startService("worker", process.execPath, ["--import", tsx, "src/main.ts"], {
      cwd: workerDir,
      env,
      logFile: path.join(workDir, "worker.log"),
    });
    // pg-boss finishes its in-flight jobs on SIGTERM; a few seconds is plenty here.
    cleanups.push(() => stopService(worker, 15_000));

    const distDir = process.env.REKEY_NEXT_DIST_DIR ?? ".next";
    const skipBuild = process.env.REKEY_E2E_SKIP_BUILD === "1" && existsSync(path.join(webDir, distDir, "BUILD_ID"));
    if (skipBuild) {
      say(`REKEY_E2E_SKIP_BUILD=1: using the existing ${distDir} build`);
    } else {
      say("building the web app (next build)");
      await runToCompletion("next build", process.execPath, [nextBin, "build"], {
        cwd: webDir,
        env,
        logFile: path.join(workDir, "build.log"),
        timeoutMs: 10 * 60_000,
      });
    }

    await waitUntil(
      worker,
      "delivering mail and texts",
      async () => {
        const log = readFileSync(worker.logFile, "utf8");
        return log.includes("delivering outbox mail via SMTP") && log.includes("delivering text messages via the Messages API at 127.0.0.1:");
      },
      60_000,
    );

    // The web app's own server (server.ts, as `pnpm start` runs it): the tRPC API, and Next.js
    // for everything else. It listens on every interface, so http://localhost:<port> reaches it.
    await releaseWebPort();
    const web: Service = startService("web", process.execPath, ["--import", "./server-register.mjs", "server.ts"], {
      cwd: webDir,
      env: { ...env, PORT: String(webPort) },
      logFile: path.join(workDir, "web.log"),
    });
    cleanups.push(() => stopService(web, 10_000));
    let lastAnswer = "no answer yet";
    await waitUntil(
      web,
      "answering /sign-in",
      async () => {
        const response = await fetch(`${baseUrl}/sign-in`).catch((error: unknown) => error as Error);
        lastAnswer = response instanceof Error ? `${response.message} (${String(response.cause ?? "")})` : `HTTP ${response.status}`;
        return !(response instanceof Error) && response.status === 200;
      },
      60_000,
      () => lastAnswer,
    );

    project.provide("e2e", {
      baseUrl,
      mailFile,
      smsFile,
      databaseUrl,
      webLogFile: web.logFile,
      workerLogFile: worker.logFile,
      admin: { email: adminEmail, password: adminPassword },
      staff: { admin: adminEmail, agent: "agent@rekey.localhost", lead: "lead@rekey.localhost", lead2: "lead2@rekey.localhost", password: adminPassword, totpKey: staffTotpKey },
      serviceEnv: env,
    });
    say(`ready in ${Math.round((Date.now() - startedAt) / 1000)} s: ${baseUrl} (files in ${workDir})`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
