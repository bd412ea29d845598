// Chromium from the system (Playwright's own browser download is not available on these
// machines), driven through playwright-core.
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Locator, type Page } from "playwright-core";
import { inject, vi } from "vitest";
import "./context";

export const chromiumPath = process.env.REKEY_E2E_CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A fresh browser profile: a new device, with no cookies and no storage. */
export async function newDevice(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: inject("e2e").baseUrl, ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * The page's own alerts. Next adds a route announcer with role=alert outside <main>, so alerts
 * are always looked for inside it.
 */
export function alerts(page: Page): Locator {
  return page.locator("main [role=alert]");
}

/** Success and info messages (the Alert component's role=status). */
export function statuses(page: Page): Locator {
  return page.locator("main [role=status]");
}

export function heading(page: Page, name: string): Locator {
  return page.getByRole("heading", { level: 1, name, exact: true });
}

/** Waits for `locator` to show and answers its text. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor({ state: "visible" });
  return (await locator.first().innerText()).trim();
}

export async function waitForPath(page: Page, pathname: string) {
  await page.waitForURL((url) => url.pathname === pathname);
}

/** For assertions that need a moment (a re-render after a server action). */
export function eventually(assertion: () => Promise<void> | void, timeout = 15_000) {
  return vi.waitFor(assertion, { timeout, interval: 100 });
}

/** Waits until React has hydrated `button`: before that, a click is a plain form post or nothing. */
export async function waitForHydration(page: Page, name: string) {
  const button = page.getByRole("button", { name, exact: true });
  await page.waitForFunction(
    (element) => element !== null && Object.keys(element).some((key) => key.startsWith("__reactProps$")),
    await button.elementHandle(),
  );
  return button;
}
