// A web server started with a configuration it cannot serve refuses to start and says why,
// instead of listening and answering every page with "This page couldn't load".
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import "./support/context";
import { startWebServer } from "./support/web-server";

type Outcome = { exit: { code: number | null } | "still-running"; output: string; answer: string };

/** Starts server.ts with `overrides`; stops it if it is still up after `waitMs`. */
async function outcomeOf(overrides: Record<string, string | undefined>, waitMs = 20_000): Promise<Outcome> {
  const server = await startWebServer(overrides);
  const exit = await Promise.race([server.exited, new Promise<"still-running">((resolve) => setTimeout(() => resolve("still-running"), waitMs))]);
  let answer = "";
  if (exit === "still-running") {
    answer = await fetch(`${server.baseUrl}/sign-in`)
      .then((response) => `HTTP ${response.status}`)
      .catch((error: unknown) => String(error));
  }
  await server.stop();
  return { exit, output: server.output(), answer };
}

describe("the web server's start-up configuration check", () => {
  it("refuses to start with the development mailbox on in production", async () => {
    const outcome = await outcomeOf({ REKEY_DEV_MAILBOX: "1" });
    expect(outcome.exit, `server output:\n${outcome.output}\nits answer to /sign-in: ${outcome.answer}`).toEqual({ code: 1 });
    expect(outcome.output).toContain("the development mailbox is refused in production");
    expect(outcome.output).not.toContain("listening on");
  });

  it("refuses to start without NEXTAUTH_SECRET and names it", async () => {
    const outcome = await outcomeOf({ NEXTAUTH_SECRET: undefined });
    expect(outcome.exit, `server output:\n${outcome.output}\nits answer to /sign-in: ${outcome.answer}`).toEqual({ code: 1 });
    expect(outcome.output).toContain("NEXTAUTH_SECRET is required");
  });

  it("refuses to start in production with a typed NEXTAUTH_SECRET instead of a random one", async () => {
    const outcome = await outcomeOf({ NEXTAUTH_SECRET: "changeme-changeme-changeme-changeme" });
    expect(outcome.exit, `server output:\n${outcome.output}`).toEqual({ code: 1 });
    expect(outcome.output).toContain("NEXTAUTH_SECRET: is too weak for production");
    expect(outcome.output).not.toContain("changeme-changeme");
  });

  it("refuses to start in production with an encryption key that is not random, without printing it", async () => {
    const key = Buffer.alloc(32, "ab").toString("base64");
    const outcome = await outcomeOf({ REKEY_ENCRYPTION_KEYS: `typed:${key}` });
    expect(outcome.exit, `server output:\n${outcome.output}`).toEqual({ code: 1 });
    expect(outcome.output).toContain('key "typed" is too weak');
    expect(outcome.output).not.toContain(key);
  });

  it("refuses to start in production on a public origin over plain http", async () => {
    const outcome = await outcomeOf({ APP_ORIGIN: "http://accounts.example.com" });
    expect(outcome.exit, `server output:\n${outcome.output}`).toEqual({ code: 1 });
    expect(outcome.output).toContain("APP_ORIGIN: must be https:// in production (http only for localhost)");
  });

  it("refuses to start with a malformed encryption key ring, without printing the key", async () => {
    const key = randomBytes(16).toString("base64");
    const outcome = await outcomeOf({ REKEY_ENCRYPTION_KEYS: `short:${key}` });
    expect(outcome.exit, `server output:\n${outcome.output}`).toEqual({ code: 1 });
    expect(outcome.output).toContain('REKEY_ENCRYPTION_KEYS: key "short" must be 32 bytes of base64');
    expect(outcome.output).not.toContain(key);
  });
});
