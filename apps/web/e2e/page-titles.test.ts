// What the browser tab and a screen reader announce first: every page says what it is, once.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { eventually, heading, launchBrowser, newDevice, waitForPath } from "./support/browser";
import { createConfirmedAccount, newPerson, signIn } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test.each([
  ["default", "/"],
  ["demo", "/t/demo"],
])("the %s tenant's account page is titled 'Your account', not 'Your account · Your account'", async (tenant, path) => {
  const person = newPerson("title", tenant);
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  expect(new URL(page.url()).pathname).toBe(path);
  expect(await page.title()).toBe("Your account");
  await context.close();
});

test.each([
  ["/no-such-page", "/"],
  ["/t/demo/no-such-page", "/t/demo"],
])("%s is titled as a missing page and leads back to its tenant's account page", async (path, home) => {
  const { context, page } = await newDevice(browser);
  const response = await page.goto(path);
  expect(response?.status()).toBe(404);
  await heading(page, "Page not found").waitFor();
  expect(await page.title()).toBe("Page not found · Your account");
  // The missing page gets no route parameters; the link reads the tenant once its script runs.
  await eventually(async () => expect(await page.getByRole("link", { name: "Go to your account" }).getAttribute("href")).toBe(home));
  await context.close();
});

test.each(["/t/no-such-tenant", "/t/no-such-tenant/sign-in", "/t/no-such-tenant/reset-password", "/t/no-such-tenant/security", "/t/No_Such.Tenant/sign-up"])(
  "%s, under a tenant that does not exist, is a missing page that says so and leads somewhere that exists",
  async (path) => {
    const { context, page } = await newDevice(browser);
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await heading(page, "Page not found").waitFor();
    expect(await page.title()).toBe("Page not found · Your account");
    expect(await page.locator("main").innerText()).toContain("There are no account pages at this address.");
    // Not the tenant's account page, which is the same missing page again.
    const home = page.getByRole("link", { name: "Go to the home page" });
    expect(await home.getAttribute("href")).toBe("/");
    await home.click();
    await waitForPath(page, "/sign-in");
    await context.close();
  },
);
