// A new person's whole first visit: sign up, confirm the address from the mail a real SMTP
// server received, sign in, find this device, sign out.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { alerts, heading, launchBrowser, newDevice, statuses, textOf, waitForPath } from "./support/browser";
import { tokenLink, waitForMail } from "./support/mailbox";
import { newPerson, openVerificationLink, signUp, submitSignIn } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("sign up, confirm the emailed link, sign in, see this device, sign out", async () => {
  const { baseUrl } = inject("e2e");
  const person = newPerson("first-visit");
  const { context, page } = await newDevice(browser);

  await signUp(page, person);

  const mail = await waitForMail(person.email, /^Confirm your email for Rekey$/);
  expect(mail.text).toContain(`Hi ${person.name}`);
  const link = tokenLink(mail);
  // Built from APP_ORIGIN, with the token in the fragment (never sent to a server).
  expect(link.origin).toBe(baseUrl);
  expect(link.pathname).toBe("/verify-email");
  expect(link.search).toBe("");

  await openVerificationLink(page, person);
  // The token leaves the address bar (and history) once read.
  expect(page.url()).toBe(`${baseUrl}/verify-email`);

  await page.getByRole("link", { name: "Sign in" }).click();
  await waitForPath(page, "/sign-in");
  await submitSignIn(page, person.email, person.password);
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();
  expect(await textOf(page.locator("main dl"))).toContain(person.email);

  await page.getByRole("link", { name: "Devices" }).click();
  await waitForPath(page, "/devices");
  const devices = page.locator("main ul > li");
  expect(await devices.count()).toBe(1);
  expect(await textOf(devices.first())).toContain("This device");
  // No trusted proxy here, so no address is known; it says so in words, not as the stored "unknown".
  expect(await textOf(devices.first().locator("dd").nth(1))).toBe("Unknown");
  // The only device is this one: there is nobody else to sign out.
  await page.locator("main").getByText("No other device is signed in.").waitFor();
  expect(await page.getByRole("button", { name: /^Sign out / }).count()).toBe(0);

  await page.getByRole("link", { name: "Back to your account" }).click();
  await waitForPath(page, "/");
  // Signed in, "create an account" leads back to the account, as "sign in" does.
  await page.goto("/sign-up");
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await waitForPath(page, "/sign-in");
  await statuses(page).filter({ hasText: "You are signed out." }).waitFor();
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("rekey.session");

  // A page behind sign-in sends the visitor to sign in, and back there afterwards.
  await page.goto("/devices");
  await waitForPath(page, "/sign-in");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/devices");
  await heading(page, "Sign in").waitFor();

  await context.close();
});

test("an unconfirmed address cannot sign in until the link is opened", async () => {
  const person = newPerson("unconfirmed");
  const { context, page } = await newDevice(browser);
  await signUp(page, person);

  await page.goto("/sign-in");
  await submitSignIn(page, person.email, person.password);
  expect(await textOf(alerts(page))).toContain("Please confirm your email first.");
  expect(new URL(page.url()).pathname).toBe("/sign-in");

  await context.close();
});
