// The Security activity page tells the story of what was done to the account.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { heading, launchBrowser, newDevice, statuses, textOf, waitForPath } from "./support/browser";
import { waitForMail } from "./support/mailbox";
import { createConfirmedAccount, newPerson, signIn, strongPassword } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("security activity lists the sign-in and the password change, newest first", async () => {
  const person = newPerson("activity");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);

  await page.getByRole("link", { name: "Change password" }).click();
  await waitForPath(page, "/change-password");
  await page.getByLabel("Current password", { exact: true }).fill(person.password);
  await page.getByLabel("New password", { exact: true }).fill(strongPassword());
  await page.getByRole("button", { name: "Change password" }).click();
  expect(await textOf(statuses(page).filter({ hasText: "Your password has been changed." }))).toContain("This device stays signed in.");
  await waitForMail(person.email, /^Your Rekey password was changed$/);

  await page.getByRole("link", { name: "Back to your account" }).click();
  await waitForPath(page, "/");
  await page.getByRole("link", { name: "Security activity" }).click();
  await waitForPath(page, "/activity");
  await heading(page, "Security activity").waitFor();
  const events = await page.locator("main ol > li > p:first-child").allInnerTexts();
  expect(events.slice(0, 4)).toEqual(["Password changed", "Signed in", "Email address confirmed", "Account created"]);

  await context.close();
});
