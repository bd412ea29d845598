// A web server started with a configuration it cannot serve refuses to start and says why,
// instead of listening and answering every page with "This page couldn't load".
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort } from "@rekey/devtools/database";
import { describe, expect, inject, it } from "vitest";
import "./support/context";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type Outcome = { exit: { code: number | null } | "still-running"; output: string; answer: string };

/** Starts server.ts as `pnpm start` does, with `overrides`; stops it if it is still up after `waitMs`. */
async function startWebServer(overrides: Record<string, string | undefined>, waitMs = 20_000): Promise<Outcome> {
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
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(process.execPath, ["--import", "./server-register.mjs", "server.ts"], { cwd: webDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null }>((resolve) => child.once("exit", (code) => resolve({ code })));
  const exit = await Promise.race([exited, new Promise<"still-running">((resolve) => setTimeout(() => resolve("still-running"), waitMs))]);
  let answer = "";
  if (exit === "still-running") {
    answer = await fetch(`http://localhost:${port}/sign-in`)
      .then((response) => `HTTP ${response.status}`)
      .catch((error: unknown) => String(error));
    child.kill("SIGKILL");
    await exited;
  }
  return { exit, output, answer };
}

describe("the web server's start-up configuration check", () => {
  it("refuses to start with the development mailbox on in production", async () => {
    const outcome = await startWebServer({ REKEY_DEV_MAILBOX: "1" });
    expect(outcome.exit, `server output:\n${outcome.output}\nits answer to /sign-in: ${outcome.answer}`).toEqual({ code: 1 });
    expect(outcome.output).toContain("the development mailbox is refused in production");
    expect(outcome.output).not.toContain("listening on");
  });

  it("refuses to start without NEXTAUTH_SECRET and names it", async () => {
    const outcome = await startWebServer({ NEXTAUTH_SECRET: undefined });
    expect(outcome.exit, `server output:\n${outcome.output}\nits answer to /sign-in: ${outcome.answer}`).toEqual({ code: 1 });
    expect(outcome.output).toContain("NEXTAUTH_SECRET is required");
  });

  it("refuses to start with a malformed encryption key ring, without printing the key", async () => {
    const key = randomBytes(16).toString("base64");
    const outcome = await startWebServer({ REKEY_ENCRYPTION_KEYS: `short:${key}` });
    expect(outcome.exit, `server output:\n${outcome.output}`).toEqual({ code: 1 });
    expect(outcome.output).toContain('REKEY_ENCRYPTION_KEYS: key "short" must be 32 bytes of base64');
    expect(outcome.output).not.toContain(key);
  });
});
