// An emailed confirmation link opened in a browser signed in to a different account: nothing is
// confirmed behind the back of the account on screen, the page says whose browser this is and
// never whose the link is, and signing out there lets the same link go on.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { heading, launchBrowser, newDevice, statuses, textOf, waitForPath } from "./support/browser";
import { tokenLink, waitForMail } from "./support/mailbox";
import { createConfirmedAccount, newPerson, signIn, signUp } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function notice(page: Page) {
  return statuses(page).filter({ hasText: "This link is for another account." });
}

test("a sign-up's confirmation link opened while signed in as someone else confirms nothing until that browser signs out", async () => {
  const signedIn = newPerson("already-here");
  await createConfirmedAccount(browser, signedIn);
  const newcomer = newPerson("newcomer");
  const { context: newcomerContext, page: newcomerPage } = await newDevice(browser);
  await signUp(newcomerPage, newcomer);
  await newcomerContext.close();
  const link = tokenLink(await waitForMail(newcomer.email, /^Confirm your email for /));

  const { context, page } = await newDevice(browser);
  await signIn(page, signedIn);
  await page.goto(link.href);
  await heading(page, "Confirm your email").waitFor();
  const text = await textOf(notice(page));
  expect(text).toContain(`You are signed in as ${signedIn.email}`);
  expect(text).toContain("Nothing has been changed.");
  expect(await page.locator("body").innerText()).not.toContain(newcomer.email);

  // Staying signed in leaves the signed-in account as it was.
  await page.getByRole("link", { name: "Stay signed in and go to your account" }).click();
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();

  // The link, opened again, goes on once this browser signs out: it was not used up above.
  await page.goto(link.href);
  await page.getByRole("button", { name: "Sign out and continue" }).click();
  expect(await textOf(statuses(page).filter({ hasText: "Your email address is confirmed." }))).toContain(newcomer.email);
  expect(new URL(page.url()).pathname).toBe("/verify-email");
  await page.goto("/");
  await waitForPath(page, "/sign-in");

  const elsewhere = await newDevice(browser);
  await signIn(elsewhere.page, newcomer);
  await elsewhere.context.close();
  await context.close();
});

test("a new address's confirmation link opened while signed in as someone else changes nothing until that browser signs out", async () => {
  const signedIn = newPerson("other-browser", "demo");
  const mover = newPerson("mover", "demo");
  await createConfirmedAccount(browser, signedIn);
  await createConfirmedAccount(browser, mover);
  const newEmail = `new-${mover.email}`;

  const { context: moverContext, page: moverPage } = await newDevice(browser);
  await signIn(moverPage, mover);
  await moverPage.goto("/t/demo/change-email");
  await moverPage.getByLabel("Current password", { exact: true }).fill(mover.password);
  await moverPage.getByLabel("New email", { exact: true }).fill(newEmail);
  await moverPage.getByRole("button", { name: "Change email" }).click();
  await statuses(moverPage).filter({ hasText: "Check the new address." }).waitFor();
  await moverContext.close();
  const link = tokenLink(await waitForMail(newEmail, /^Confirm your new email for /));

  const { context, page } = await newDevice(browser);
  await signIn(page, signedIn);
  await page.goto(link.href);
  await heading(page, "Confirm your new email").waitFor();
  const text = await textOf(notice(page));
  expect(text).toContain(`You are signed in as ${signedIn.email}`);
  expect(text).toContain("Nothing has been changed.");
  const body = await page.locator("body").innerText();
  expect(body).not.toContain(mover.email);
  expect(body).not.toContain(newEmail);

  // The mover still signs in with the old address: nothing changed.
  const check = await newDevice(browser);
  await signIn(check.page, mover);
  await check.context.close();

  await page.getByRole("button", { name: "Sign out and continue" }).click();
  expect(await textOf(statuses(page).filter({ hasText: "Your email address has been changed." }))).toContain(newEmail);
  expect(new URL(page.url()).pathname).toBe("/t/demo/confirm-email");
  await context.close();

  const after = await newDevice(browser);
  await signIn(after.page, { ...mover, email: newEmail });
  await after.context.close();
});

test("the account's own link, opened while signed in to it, works as before", async () => {
  const person = newPerson("own-link");
  await createConfirmedAccount(browser, person);
  const newEmail = `own-${person.email}`;
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto("/change-email");
  await page.getByLabel("Current password", { exact: true }).fill(person.password);
  await page.getByLabel("New email", { exact: true }).fill(newEmail);
  await page.getByRole("button", { name: "Change email" }).click();
  await statuses(page).filter({ hasText: "Check the new address." }).waitFor();
  const link = tokenLink(await waitForMail(newEmail, /^Confirm your new email for /));
  await page.goto(link.href);
  expect(await textOf(statuses(page).filter({ hasText: "Your email address has been changed." }))).toContain(newEmail);
  await context.close();
});
