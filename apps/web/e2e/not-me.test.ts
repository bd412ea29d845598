// "This wasn't me" (S27): the link in a security notice signs out every session, makes the
// password useless and mails a reset link. It works once.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { alerts, heading, launchBrowser, newDevice, statuses, textOf, waitForHydration, waitForPath } from "./support/browser";
import { mailTo, tokenLink, waitForMail } from "./support/mailbox";
import { createConfirmedAccount, newPerson, signIn, strongPassword, submitSignIn } from "./support/people";

const laptop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
const stranger = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("the notice of a new sign-in links to 'this wasn't me': every session ends, the password stops working, a reset link arrives", async () => {
  const { baseUrl } = inject("e2e");
  const person = newPerson("not-me");
  await createConfirmedAccount(browser, person);
  const owner = await newDevice(browser, { userAgent: laptop });
  await signIn(owner.page, person);
  // Someone who learnt the password signs in from a browser the account has never used.
  const thief = await newDevice(browser, { userAgent: stranger });
  await signIn(thief.page, person);

  const notice = await waitForMail(person.email, /^New sign-in to your Rekey account$/);
  expect(notice.text).toContain("Device: Chrome 140 on Windows");
  const link = tokenLink(notice);
  expect(link.origin).toBe(baseUrl);
  expect(link.pathname).toBe("/not-me");
  const resetMailsBefore = mailTo(person.email).filter((mail) => /^Reset your Rekey password$/.test(mail.subject)).length;

  await owner.page.goto(link.href);
  await heading(owner.page, "This wasn’t me").waitFor();
  await (await waitForHydration(owner.page, "Sign out everywhere and reset my password")).click();
  const done = await textOf(statuses(owner.page).filter({ hasText: "Your account is locked down." }));
  expect(done).toContain(`Every device signed in to ${person.email} has been signed out`);
  // The token left the address bar once used.
  expect(new URL(owner.page.url()).hash).toBe("");

  // Both sessions are refused on their next request: the thief's and the owner's own.
  await thief.page.goto("/devices");
  await waitForPath(thief.page, "/sign-in");
  await owner.page.goto("/");
  await waitForPath(owner.page, "/sign-in");

  // The password the thief knows no longer signs in.
  await submitSignIn(thief.page, person.email, person.password);
  expect(await textOf(alerts(thief.page))).toContain("That email and password do not match.");

  const reset = await waitForMail(person.email, /^Reset your Rekey password$/);
  expect(mailTo(person.email).filter((mail) => /^Reset your Rekey password$/.test(mail.subject))).toHaveLength(resetMailsBefore + 1);
  const resetLink = tokenLink(reset);
  expect(resetLink.pathname).toBe("/reset-password");
  const newPassword = strongPassword();
  await owner.page.goto(resetLink.href);
  await owner.page.getByLabel("New password", { exact: true }).fill(newPassword);
  await owner.page.getByRole("button", { name: "Set new password" }).click();
  await statuses(owner.page).filter({ hasText: "Your password has been changed." }).waitFor();
  await signIn(owner.page, { ...person, password: newPassword });

  // The link works once.
  const again = await newDevice(browser);
  await again.page.goto(link.href);
  await (await waitForHydration(again.page, "Sign out everywhere and reset my password")).click();
  expect(await textOf(alerts(again.page))).toMatch(/link/i);
  await owner.page.goto("/");
  await heading(owner.page, "Your account").waitFor();

  for (const device of [again, thief, owner]) await device.context.close();
});
