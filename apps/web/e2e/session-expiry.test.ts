// A session past the tenant's idle or absolute limit is over (S10, S11). The browser still holds
// its cookie, so the next page it asks for sends it to sign in, saying why: without a word, the
// person could not tell an ended session from a fault.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { heading, launchBrowser, newDevice, statuses, textOf, waitForPath } from "./support/browser";
import { ageLastActivity, passAbsoluteEnd } from "./support/database";
import { createConfirmedAccount, newPerson, signIn, signOut, tenantPath } from "./support/people";

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

test.each(["default", "demo"])("a form sent after the session ended goes to sign in, and back to the page after (%s tenant)", async (tenant) => {
  const person = newPerson("ended-mid-form", tenant);
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto(tenantPath(tenant, "/change-password"));
  await page.getByLabel("Current password", { exact: true }).fill(person.password);
  await page.getByLabel("New password", { exact: true }).fill(newPerson("unused").password);

  // Signed out in another tab of the same browser: the cookie is gone as well.
  const otherTab = await context.newPage();
  await signOut(otherTab, tenant);

  await page.getByRole("button", { name: "Change password", exact: true }).click();
  await waitForPath(page, tenantPath(tenant, "/sign-in"));
  expect(new URL(page.url()).searchParams.get("next")).toBe("/change-password");
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await waitForPath(page, tenantPath(tenant, "/change-password"));

  await context.close();
});

test("a device list acted on after the session ended elsewhere says the session ended", async () => {
  const person = newPerson("ended-elsewhere");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  const other = await newDevice(browser);
  await signIn(other.page, person);
  await page.goto("/devices");

  // The other device signs this one out; this browser still holds its cookie.
  await other.page.goto("/devices");
  await other.page.getByRole("button", { name: "Sign out everywhere else", exact: true }).click();
  await textOf(statuses(other.page).filter({ hasText: "Signed out 1 other device." }));

  await page.getByRole("button", { name: /^Sign out .+ on / }).click();
  await waitForPath(page, "/sign-in");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/devices");
  expect(await textOf(statuses(page))).toMatch(/^Your session has ended\.\s+Sign in again to continue\.$/);

  await other.context.close();
  await context.close();
});
