// Wrong passwords are answered inline; past the per-account limit (10 by default) the account is
// paused, and even the right password is refused until the back-off ends.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, eventually, launchBrowser, newDevice, textOf } from "./support/browser";
import { createConfirmedAccount, newPerson, submitSignIn } from "./support/people";

const accountLimit = 10;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("a wrong password is shown inline, on the fields", async () => {
  const person = newPerson("typo");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await page.goto("/sign-in");

  await submitSignIn(page, person.email, `${person.password}x`);
  expect(await textOf(alerts(page))).toBe("That email and password do not match. Check them and try again.");
  expect(await page.getByLabel("Password", { exact: true }).getAttribute("aria-invalid")).toBe("true");
  expect(await page.getByLabel("Password", { exact: true }).getAttribute("aria-describedby")).toBe("sign-in-error");
  expect(new URL(page.url()).pathname).toBe("/sign-in");
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("rekey.session");

  // An address with no account gets the very same answer.
  await submitSignIn(page, `nobody-${person.email}`, person.password);
  expect(await textOf(alerts(page))).toBe("That email and password do not match. Check them and try again.");

  await context.close();
});

test(`after ${accountLimit} wrong passwords the page says "Too many attempts", even for the right one`, async () => {
  const person = newPerson("guessed");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await page.goto("/sign-in");

  for (let attempt = 1; attempt <= accountLimit; attempt += 1) {
    await submitSignIn(page, person.email, `guess-number-${attempt}`);
    await eventually(async () => {
      expect(await textOf(alerts(page))).toContain("That email and password do not match.");
    });
  }
  await submitSignIn(page, person.email, person.password);
  await eventually(async () => {
    expect(await textOf(alerts(page))).toMatch(/^Too many attempts\. Try again in \d+ (seconds|minutes?)\.$/);
  });
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("rekey.session");

  await context.close();
});
