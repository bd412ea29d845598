// Changing the email address: confirmed from the new address, announced to the old one.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { heading, launchBrowser, newDevice, statuses, textOf, waitForPath } from "./support/browser";
import { mailTo, tokenLink, tokenLinks, waitForMail } from "./support/mailbox";
import { createConfirmedAccount, newPerson, signIn } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The "Email" entry of the account page's details. */
function accountEmail(page: Page) {
  return page.locator("main dl dt", { hasText: "Email" }).locator("xpath=following-sibling::dd[1]");
}

test("change email: the link goes to the new address, the account page shows it, the old address is told", async () => {
  const { baseUrl } = inject("e2e");
  const person = newPerson("moving");
  const newEmail = `moved-${person.email}`;
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);

  await page.getByRole("link", { name: "Change email" }).click();
  await waitForPath(page, "/change-email");
  await page.getByLabel("Current password", { exact: true }).fill(person.password);
  // Typed in capitals with spaces around it; the page names the address as it is saved.
  await page.getByLabel("New email", { exact: true }).fill(` ${newEmail.toUpperCase()} `);
  await page.getByRole("button", { name: "Change email" }).click();
  expect(await textOf(statuses(page).filter({ hasText: "Check the new address." }))).toContain(`We sent a link to ${newEmail}.`);

  const confirm = await waitForMail(newEmail, /^Confirm your new email for Rekey$/);
  const link = tokenLink(confirm);
  expect(link.origin).toBe(baseUrl);
  expect(link.pathname).toBe("/confirm-email");
  // The old address hears of the request, with a "this wasn't me" link that stops it and none
  // that could complete it.
  const requested = await waitForMail(person.email, /^A change of email was requested/);
  expect(requested.text).toContain(newEmail);
  expect(tokenLinks(requested).map((href) => new URL(href).pathname)).toEqual(["/not-me"]);

  // Until the link is opened, nothing has changed.
  await page.goto("/");
  expect(await textOf(accountEmail(page))).toBe(person.email);

  await page.goto(link.href);
  await heading(page, "Confirm your new email").waitFor();
  expect(await textOf(statuses(page).filter({ hasText: "Your email address has been changed." }))).toContain(newEmail);
  expect(page.url()).toBe(`${baseUrl}/confirm-email`);

  await page.getByRole("link", { name: "Go to your account" }).click();
  await waitForPath(page, "/");
  expect(await textOf(accountEmail(page))).toBe(newEmail);

  const changed = await waitForMail(person.email, /^Your Rekey email address was changed$/);
  expect(changed.text).toContain(newEmail);
  expect(mailTo(newEmail).filter((mail) => /was changed/.test(mail.subject))).toEqual([]);

  // The new address is the one to sign in with now.
  const elsewhere = await newDevice(browser);
  await signIn(elsewhere.page, { ...person, email: newEmail });
  await elsewhere.context.close();

  await context.close();
});
