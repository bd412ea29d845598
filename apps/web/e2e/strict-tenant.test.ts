// The seeded "strict" tenant requires two-step verification (enrolment is part of sign-up) and
// gives each account one recovery key, replaced each time it is used.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, heading, launchBrowser, newDevice, textOf, waitForHydration, waitForPath } from "./support/browser";
import { createConfirmedAccount, newPerson, signInToVerify, signOut, submitSignIn } from "./support/people";
import { saveRecoveryCodes, shownRecoveryCodes, totpCode } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function submitRecoveryCode(page: Page, code: string) {
  await (await waitForHydration(page, "Use a recovery code")).click();
  await page.getByLabel("Recovery code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
}

test("a tenant that requires two-step verification: a new account must add a method before anything else, and its recovery key is replaced at each use", async () => {
  const person = newPerson("strict-user", "strict");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);

  // The first sign-in lands on the security page, and nothing else opens until a method works.
  await page.goto("/t/strict/sign-in");
  await submitSignIn(page, person.email, person.password);
  await waitForPath(page, "/t/strict/security");
  expect(await textOf(page.locator("main"))).toContain("Your organisation requires two-step verification.");
  await page.goto("/t/strict/devices");
  await waitForPath(page, "/t/strict/security");

  // An authenticator app, then the recovery key (one 28-character key for this tenant).
  await (await waitForHydration(page, "Add authenticator app")).click();
  const secret = await textOf(page.getByTestId("totp-secret"));
  await page.getByLabel("Code", { exact: true }).fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on", exact: true }).click();
  const [setupKey = ""] = await saveRecoveryCodes(page);
  expect(setupKey).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
  await page.goto("/t/strict/devices");
  await waitForPath(page, "/t/strict/devices");
  await heading(page, "Devices").waitFor();

  await page.goto("/t/strict/security");
  const keyPanel = await textOf(page.locator("#recovery-codes"));
  expect(keyPanel).toMatch(/recovery key/i);

  // Signing in with the key: it works once, and the session must save a new key first.
  await signOut(page, "strict");
  await signInToVerify(page, person);
  await submitRecoveryCode(page, setupKey);
  await waitForPath(page, "/t/strict/recovery-codes/new");
  await page.goto("/t/strict/devices");
  await waitForPath(page, "/t/strict/recovery-codes/new");
  await heading(page, "Save a new recovery key").waitFor();
  await (await waitForHydration(page, "Make a new recovery key")).click();
  const [newKey] = await shownRecoveryCodes(page);
  expect(newKey).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
  expect(newKey).not.toBe(setupKey);
  await page.getByLabel(/^I have saved your recovery key/).check();
  await page.getByRole("link", { name: "Continue", exact: true }).click();
  await waitForPath(page, "/t/strict");
  await heading(page, "Your account").waitFor();

  // The used key is refused; the new one signs in.
  await signOut(page, "strict");
  await signInToVerify(page, person);
  await submitRecoveryCode(page, setupKey);
  expect(await textOf(alerts(page))).toContain("That recovery code didn't work.");
  await page.getByLabel("Recovery code", { exact: true }).fill(newKey ?? "");
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await waitForPath(page, "/t/strict/recovery-codes/new");
  await context.close();
}, 180_000);
