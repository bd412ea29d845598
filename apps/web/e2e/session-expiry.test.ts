// A session past the tenant's idle or absolute limit is over (S10, S11). The browser still holds
// its cookie, so the next page it asks for sends it to sign in, saying why: without a word, the
// person could not tell an ended session from a fault.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { heading, launchBrowser, newDevice, statuses, textOf, waitForPath } from "./support/browser";
import { ageLastActivity, passAbsoluteEnd } from "./support/database";
import { createConfirmedAccount, newPerson, signIn, signOut } from "./support/people";

// The default tenant's policy: signed out after 3 days without activity.
const idleMinutes = 3 * 24 * 60;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("a session left idle past the tenant's limit ends with a message on the sign-in page", async () => {
  const person = newPerson("idle");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);

  expect(await ageLastActivity(person.email, idleMinutes + 1)).toBe(1);
  await page.goto("/devices");
  await waitForPath(page, "/sign-in");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/devices");
  expect(await textOf(statuses(page))).toMatch(/^Your session has ended\.\s+Sign in again to continue\.$/);

  // Signing in again goes back where the person was.
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await waitForPath(page, "/devices");
  await heading(page, "Devices").waitFor();

  await context.close();
});

test("a session past its absolute end ends with the same message", async () => {
  const person = newPerson("absolute");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);

  expect(await passAbsoluteEnd(person.email)).toBe(1);
  await page.goto("/");
  await waitForPath(page, "/sign-in");
  expect(await textOf(statuses(page))).toMatch(/^Your session has ended\.\s+Sign in again to continue\.$/);

  await context.close();
});

test("a visitor who never signed in, or signed out, is not told a session ended", async () => {
  const person = newPerson("never-ended");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await page.goto("/devices");
  await waitForPath(page, "/sign-in");
  await heading(page, "Sign in").waitFor();
  expect(await statuses(page).count()).toBe(0);

  await signIn(page, person);
  await signOut(page);
  await page.goto("/devices");
  await waitForPath(page, "/sign-in");
  await heading(page, "Sign in").waitFor();
  expect(await statuses(page).count()).toBe(0);

  await context.close();
});
