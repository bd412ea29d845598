// A web server whose database is out of reach answers pages with a plain "something went wrong"
// page of its own, and the API with a clear 503: no stack trace, no blank Next.js error screen.
import { findFreePort } from "@rekey/devtools/database";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { heading, launchBrowser, newDevice } from "./support/browser";
import "./support/context";
import { startWebServer, waitUntilListening, type StartedWebServer } from "./support/web-server";

let server: StartedWebServer;
let browser: Browser;

beforeAll(async () => {
  // Nothing listens on this port: every query fails to connect, as when PostgreSQL is down.
  server = await startWebServer({ DATABASE_URL: `postgres://rekey:rekey@127.0.0.1:${await findFreePort()}/rekey` });
  await waitUntilListening(server);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("with the database down", () => {
  it("a page says something went wrong on our side, shows no cause, and answers 503 with Retry-After (an outage, not a bug)", async () => {
    const { page } = await newDevice(browser, { baseURL: server.baseUrl });
    const response = await page.goto("/sign-in");
    expect(response?.status()).toBe(503);
    expect(await response?.headerValue("retry-after")).toBe("5");
    await heading(page, "Something went wrong on our side").waitFor();
    expect(await page.title()).toBe("Something went wrong · Your account");
    const text = await page.locator("body").innerText();
    expect(text).toContain("Nothing was changed");
    expect(text).not.toMatch(/ECONNREFUSED|at \w+ \(|prisma|postgres/i);
  });

  it("the API answers 503 with a message, not a stack", async () => {
    const response = await fetch(`${server.baseUrl}/api/trpc/tenant.get`);
    expect(response.status).toBe(503);
    const body = await response.text();
    expect(body).toContain("unavailable");
    expect(body).not.toMatch(/ECONNREFUSED|stack/i);
  });
});
