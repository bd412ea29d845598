// Forgotten password: the emailed link sets a new one; a weak one is refused with its reasons;
// afterwards only the new password works.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { alerts, eventually, heading, launchBrowser, newDevice, statuses, textOf, waitForPath } from "./support/browser";
import { mailTo, tokenLink, waitForMail } from "./support/mailbox";
import { expireEmailLinks } from "./support/database";
import { createConfirmedAccount, newPerson, type Person, signIn, strongPassword, submitSignIn } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("forgot password: emailed link, a weak password refused with reasons, then the new password works and the old does not", async () => {
  const { baseUrl } = inject("e2e");
  const person = newPerson("forgetful");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await waitForPath(page, "/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await waitForPath(page, "/check-your-email");
  expect(await textOf(page.locator("main"))).toContain("If an account uses that address, we have sent it a link");

  const mail = await waitForMail(person.email, /^Reset your Rekey password$/);
  const link = tokenLink(mail);
  expect(link.origin).toBe(baseUrl);
  expect(link.pathname).toBe("/reset-password");

  await page.goto(link.href);
  await heading(page, "Set a new password").waitFor();
  await page.getByLabel("New password", { exact: true }).waitFor();
  expect(page.url()).toBe(`${baseUrl}/reset-password`);

  // Long enough, but one of the most common passwords there are.
  await page.getByLabel("New password", { exact: true }).fill("password1234");
  await page.getByRole("button", { name: "Set new password" }).click();
  expect(await textOf(alerts(page))).toContain("Choose a stronger password.");
  const reasons = page.locator("#newPassword-error");
  expect(await textOf(reasons)).toContain("This password can’t be used:");
  expect(await reasons.locator("li").count()).toBeGreaterThan(0);
  expect(await page.getByLabel("New password", { exact: true }).getAttribute("aria-invalid")).toBe("true");

  const newPassword = strongPassword();
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  expect(await textOf(statuses(page).filter({ hasText: "Your password has been changed." }))).toContain(person.email);
  // Every device was signed out, and the account's address is told so.
  const notice = await waitForMail(person.email, /^Your Rekey password was reset$/);
  expect(notice.text).toContain("and every device was signed out");

  await page.getByRole("link", { name: "Sign in" }).click();
  await waitForPath(page, "/sign-in");
  await submitSignIn(page, person.email, person.password);
  expect(await textOf(alerts(page))).toContain("That email and password do not match.");
  expect(new URL(page.url()).pathname).toBe("/sign-in");

  await signIn(page, { ...person, password: newPassword });

  // The link worked once; opened again, it says so before asking for anything.
  const again = await context.newPage();
  await again.goto(link.href);
  expect(await textOf(alerts(again))).toContain("This link has already been used.");
  // Only the way to a new link is left: a form for a dead link would invite typing into it again.
  expect(await again.getByLabel("New password", { exact: true }).count()).toBe(0);
  await again.getByRole("link", { name: "Ask for a new link" }).waitFor();
  await again.close();

  await page.goto("/activity");
  await heading(page, "Security activity").waitFor();
  await eventually(async () => {
    const activity = await textOf(page.locator("main ol"));
    expect(activity).toContain("Password reset with an emailed link");
    expect(activity).toContain("Password reset link requested");
    expect(activity).toContain("Signed in");
    expect(activity).toContain("Failed sign-in attempt (wrong password)");
  });

  await context.close();
});

async function askForResetLink(page: Page, person: Person): Promise<URL> {
  const before = mailTo(person.email).filter((mail) => /^Reset your Rekey password$/.test(mail.subject)).length;
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await waitForPath(page, "/check-your-email");
  await eventually(() => expect(mailTo(person.email).filter((mail) => /^Reset your Rekey password$/.test(mail.subject))).toHaveLength(before + 1));
  return tokenLink(await waitForMail(person.email, /^Reset your Rekey password$/));
}

test("opening a reset link uses nothing up: two tabs show the form, the first to send it sets the password", async () => {
  const person = newPerson("two-tabs");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  const link = await askForResetLink(page, person);

  await page.goto(link.href);
  await page.getByLabel("New password", { exact: true }).waitFor();
  const second = await context.newPage();
  await second.goto(link.href);
  await second.getByLabel("New password", { exact: true }).fill(strongPassword());
  await second.getByRole("button", { name: "Set new password" }).click();
  await statuses(second).filter({ hasText: "Your password has been changed." }).waitFor();

  // The first tab's form was shown while the link still worked; sent now, it is told the link is gone.
  await page.getByLabel("New password", { exact: true }).fill(strongPassword());
  await page.getByRole("button", { name: "Set new password" }).click();
  expect(await textOf(alerts(page))).toContain("This link has expired or was already used.");
  expect(await page.getByLabel("New password", { exact: true }).count()).toBe(0);
  await context.close();
});

test("a reset link replaced by a newer one, an expired one and a garbled one say so before the form, with the way to a new link", async () => {
  const person = newPerson("dead-links");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  const replaced = await askForResetLink(page, person);
  const newest = await askForResetLink(page, person);
  expect(newest.href).not.toBe(replaced.href);

  await page.goto(replaced.href);
  expect(await textOf(alerts(page))).toContain("This link has already been used.");
  expect(await page.getByLabel("New password", { exact: true }).count()).toBe(0);
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await waitForPath(page, "/forgot-password");

  expect(await expireEmailLinks(person.email)).toBe(1);
  await page.goto(newest.href);
  expect(await textOf(alerts(page))).toContain("This link has expired.");
  expect(await page.getByLabel("New password", { exact: true }).count()).toBe(0);

  await page.goto(`/reset-password#token=${"x".repeat(43)}`);
  expect(await textOf(alerts(page))).toContain("This link does not work.");
  expect(await page.getByLabel("New password", { exact: true }).count()).toBe(0);
  await context.close();
});
