// Pages opened from emailed links carry their token in the URL fragment; the pages themselves are
// served with `Referrer-Policy: no-referrer` so not even their address leaks to another site.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, launchBrowser, newDevice } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test.each(["/reset-password", "/verify-email", "/confirm-email", "/t/demo/reset-password", "/t/demo/verify-email", "/t/demo/confirm-email", "/not-me", "/t/demo/not-me"])(
  "%s is served with Referrer-Policy: no-referrer",
  async (path) => {
    const { context, page } = await newDevice(browser);
    const response = await page.goto(`${path}#token=not-a-real-token-but-long-enough`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await context.close();
  },
);

test("other pages keep same-origin", async () => {
  const { context, page } = await newDevice(browser);
  const response = await page.goto("/sign-in");
  expect(response?.headers()["referrer-policy"]).toBe("same-origin");
  await context.close();
});

test("a reset page opened without its token says the link is incomplete", async () => {
  const { context, page } = await newDevice(browser);
  await page.goto("/reset-password");
  await alerts(page).filter({ hasText: "This link is incomplete." }).waitFor();
  await context.close();
});
