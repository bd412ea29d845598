// An injected script must not run (the page's Content-Security-Policy, proxy.ts and
// security-headers.ts), while the page's own scripts, which carry the response's nonce, do.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { launchBrowser, newDevice } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

declare global {
  interface Window {
    injected?: string[];
  }
}

/** React has hydrated the page: the sign-in form's element carries its fiber. */
function hydrated(page: Page) {
  return page.waitForFunction(() => Object.keys(document.querySelector("main form") ?? {}).some((key) => key.startsWith("__reactFiber")));
}

test("a script injected into the page's HTML does not run; the page's own scripts do", async () => {
  const { context, page } = await newDevice(browser);
  // What a stored or reflected injection would put into the HTML: an inline script, an event
  // handler and a script from elsewhere.
  await page.route("**/sign-in", async (route) => {
    if (route.request().resourceType() !== "document") return route.continue();
    const response = await route.fetch();
    const injection =
      `<script>(window.injected ??= []).push("inline")</script>` +
      `<img src="/no-such-image" onerror="(window.injected ??= []).push('handler')">` +
      `<script src="data:text/javascript,(window.injected ??= []).push('source')"></script>`;
    await route.fulfill({ response, body: (await response.text()).replace("</body>", `${injection}</body>`) });
  });
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) refused.push(message.text());
  });

  await page.goto("/sign-in");
  await hydrated(page);
  expect(await page.evaluate(() => window.injected ?? [])).toEqual([]);
  expect(refused.length).toBeGreaterThanOrEqual(3);
  await page.unrouteAll({ behavior: "wait" });
  await context.close();
});

test("every page has a policy with a nonce of its own; the API's answers may run nothing", async () => {
  const { baseUrl } = inject("e2e");
  const policies = await Promise.all(["/sign-in", "/sign-in", "/t/demo/sign-up", "/no-such-page"].map(async (path) => (await fetch(`${baseUrl}${path}`)).headers.get("content-security-policy") ?? ""));
  const nonces = policies.map((policy) => /script-src 'nonce-([A-Za-z0-9+/=]{22,})' 'strict-dynamic'(;|$)/.exec(policy)?.[1]);
  expect(nonces.every(Boolean), policies.join("\n")).toBe(true);
  expect(new Set(nonces).size).toBe(policies.length);
  for (const policy of policies) expect(policy).toContain("frame-ancestors 'none'");

  const api = await fetch(`${baseUrl}/api/trpc/tenant.get`);
  expect(api.headers.get("content-security-policy")).toMatch(/^default-src 'none'; frame-ancestors 'none'/);
});
// The missing page's script runs too (it is built per request now, so it carries the nonce):
// page-titles.test.ts waits for the link that only its script sets.
