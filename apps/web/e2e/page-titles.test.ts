// What the browser tab and a screen reader announce first: every page says what it is, once.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { heading, launchBrowser, newDevice } from "./support/browser";
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

test.each(["/no-such-page", "/t/demo/no-such-page"])("%s is titled as a missing page", async (path) => {
  const { context, page } = await newDevice(browser);
  const response = await page.goto(path);
  expect(response?.status()).toBe(404);
  await heading(page, "Page not found").waitFor();
  expect(await page.title()).toBe("Page not found · Your account");
  await context.close();
});
