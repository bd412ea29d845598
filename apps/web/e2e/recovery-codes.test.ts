// Recovery codes in a person's hands (S19-S23): turning on two-step verification waits until the
// codes are saved, the codes come from the downloaded file, one of them signs in exactly once,
// and "Generate new codes" kills every old one.
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, eventually, heading, launchBrowser, newDevice, statuses, textOf, waitForHydration, waitForPath } from "./support/browser";
import { createConfirmedAccount, newPerson, type Person, signIn, submitSignIn } from "./support/people";
import { saveRecoveryCodes, shownRecoveryCodes, totpCode } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const codePattern = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

async function signOut(page: Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await waitForPath(page, "/sign-in");
}

async function signInToVerify(page: Page, person: Person) {
  await page.goto("/sign-in");
  await submitSignIn(page, person.email, person.password);
  await waitForPath(page, "/sign-in/verify");
  await heading(page, "Two-step verification").waitFor();
}

/** On the verify page: "Use a recovery code", then the code as typed. */
async function submitRecoveryCode(page: Page, code: string) {
  await (await waitForHydration(page, "Use a recovery code")).click();
  await page.getByLabel("Recovery code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
}

/** Adds an authenticator app on the security page; being the first method, it waits for its codes. */
async function addAuthenticatorApp(page: Page) {
  await page.goto("/security");
  await (await waitForHydration(page, "Add authenticator app")).click();
  const key = await textOf(page.getByTestId("totp-secret"));
  await page.getByLabel("Code", { exact: true }).fill(totpCode(key));
  await page.getByRole("button", { name: "Turn on", exact: true }).click();
  await waitForPath(page, "/recovery-codes/setup");
  await heading(page, "Save your recovery codes").waitFor();
}

/** The codes in a downloaded .txt: the numbered lines. */
function codesInFile(text: string): string[] {
  return [...text.matchAll(/^\s*\d+\.\s+(\S+)\s*$/gm)].map((match) => match[1] ?? "");
}

test("turn on two-step verification by saving the downloaded codes, sign in with one, regenerate, and the old codes are refused", async () => {
  const person = newPerson("recovery");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, person);
  await addAuthenticatorApp(page);

  // Not on until the codes are saved (S21), and the page says so.
  await statuses(page).filter({ hasText: "Two-step verification is not on yet." }).waitFor();
  const shown = await shownRecoveryCodes(page);
  expect(shown).toHaveLength(10);
  for (const code of shown) expect(code).toMatch(codePattern);
  expect(new Set(shown).size).toBe(10);

  // Download: the .txt is named after the service and the account, and holds every code shown.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download codes", exact: true }).click()]);
  const localPart = person.email.slice(0, person.email.indexOf("@"));
  expect(download.suggestedFilename()).toMatch(new RegExp(`^rekey-recovery-codes-default-${localPart}-\\d{4}-\\d{2}-\\d{2}\\.txt$`));
  const file = await readFile(await download.path(), "utf8");
  expect(file).toContain(`Account: ${person.email}`);
  const codes = codesInFile(file);
  expect(codes).toEqual(shown);
  // Nothing about the codes is in the page's address.
  expect(page.url()).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}/);

  // Copy: the codes, one per line, with a visible confirmation.
  await page.getByRole("button", { name: "Copy codes", exact: true }).click();
  await statuses(page).filter({ hasText: "Copied to your clipboard." }).waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join("\n"));

  // Print: only the sheet with the codes, the account and the date; none of the page around it.
  await page.emulateMedia({ media: "print" });
  const sheet = page.locator("[data-print-sheet]");
  expect(await sheet.isVisible()).toBe(true);
  expect(await page.locator("main").isVisible()).toBe(false);
  const printed = await sheet.innerText();
  expect(printed).toContain(person.email);
  for (const code of codes) expect(printed).toContain(code);
  await page.emulateMedia({ media: "screen" });

  // Typed back the way people type (lower case, spaces for dashes): that confirms without using it.
  const [first, second] = codes as [string, string];
  await page.getByLabel("Type one of your codes to confirm you saved them", { exact: true }).fill(first.toLowerCase().replaceAll("-", " "));
  await page.getByRole("button", { name: "Turn on two-step verification", exact: true }).click();
  await waitForPath(page, "/security");
  await statuses(page).filter({ hasText: "Two-step verification is on." }).waitFor();
  expect(await textOf(page.locator("#recovery-codes"))).toContain("10 of 10 left");

  // Password, then the code that was typed back: it still works, once.
  await signOut(page);
  await signInToVerify(page, person);
  await submitRecoveryCode(page, first);
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();

  await page.goto("/security");
  const panel = page.locator("#recovery-codes");
  expect(await textOf(panel)).toContain("9 of 10 left");
  // The used code, masked to its last group, with when and from where.
  const used = await textOf(panel.getByRole("listitem"));
  expect(used).toContain(`••••-••••-••••-${first.slice(-4)}`);
  expect(used).not.toContain(first);
  expect(used).toMatch(/Used .+ UTC · .+ on .+ · IP address /);
  // One method: the readiness panel asks for a second way back in.
  expect(await textOf(page.getByRole("region", { name: "Recovery readiness" }))).toContain("Add a passkey or a second method");

  // The same code from someone else's browser: refused, and no session.
  const thief = await newDevice(browser);
  await signInToVerify(thief.page, person);
  await submitRecoveryCode(thief.page, first);
  const usedRefusal = await textOf(alerts(thief.page));
  expect(new URL(thief.page.url()).pathname).toBe("/sign-in/verify");
  expect((await thief.context.cookies()).map((cookie) => cookie.name)).not.toContain("rekey.session");
  await thief.context.close();

  // Generate new codes: a warning first; a recent sign-in needs no "confirm it's you".
  await (await waitForHydration(page, "Generate new codes")).click();
  await statuses(page).filter({ hasText: "Make new recovery codes?" }).waitFor();
  await page.getByRole("button", { name: "Generate new codes", exact: true }).click();
  const stepUp = page.waitForURL((url) => url.pathname === "/confirm", { timeout: 15_000 }).then(
    () => true,
    () => false,
  );
  const codesShown = page
    .getByRole("list", { name: "Your recovery codes" })
    .waitFor({ timeout: 15_000 })
    .then(
      () => false,
      () => false,
    );
  if (await Promise.race([stepUp, codesShown])) {
    // Only if this run was slow enough for the sign-in to stop counting as recent.
    await (await waitForHydration(page, "Use another method")).click();
    await page.getByRole("button", { name: "Password", exact: true }).click();
    await page.getByLabel("Password", { exact: true }).fill(person.password);
    await page.getByRole("button", { name: "Confirm", exact: true }).click();
    await waitForPath(page, "/security");
    await (await waitForHydration(page, "Generate new codes")).click();
    await page.getByRole("button", { name: "Generate new codes", exact: true }).click();
  }
  await statuses(page).filter({ hasText: "Your old codes stopped working." }).waitFor();
  const fresh = await shownRecoveryCodes(page);
  expect(fresh).toHaveLength(10);
  expect(fresh.filter((code) => codes.includes(code))).toEqual([]);
  await eventually(async () => expect(await panel.innerText()).toContain("10 of 10 left"));
  await page.getByRole("button", { name: "I have saved them", exact: true }).click();
  expect(await page.getByRole("list", { name: "Your recovery codes" }).count()).toBe(0);

  // A code of the old set that was never used: refused with the same words as the used one (S22).
  await signOut(page);
  await signInToVerify(page, person);
  await submitRecoveryCode(page, second);
  expect(await textOf(alerts(page))).toBe(usedRefusal);
  expect(new URL(page.url()).pathname).toBe("/sign-in/verify");

  // A new one works.
  await page.getByLabel("Recovery code", { exact: true }).fill(fresh[0] ?? "");
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();

  await context.close();
});

test("using the last code leads straight to a new set, which must be saved before anything else", async () => {
  const person = newPerson("last-code");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await addAuthenticatorApp(page);
  const codes = await saveRecoveryCodes(page);

  for (const [index, code] of codes.entries()) {
    await signOut(page);
    await signInToVerify(page, person);
    await submitRecoveryCode(page, code);
    if (index === codes.length - 1) break;
    await waitForPath(page, "/");
    await heading(page, "Your account").waitFor();
    // Three left (the default warning point, S23): the account page says so.
    if (codes.length - index - 1 === 3) {
      expect(await textOf(statuses(page).filter({ hasText: "recovery codes left" }))).toContain("Only 3 recovery codes left.");
    }
  }

  // The last one: signed in, but only to make a new set.
  await waitForPath(page, "/recovery-codes/new");
  await heading(page, "Save new recovery codes").waitFor();
  await page.goto("/security");
  await waitForPath(page, "/recovery-codes/new");

  await (await waitForHydration(page, "Make new recovery codes")).click();
  const fresh = await shownRecoveryCodes(page);
  expect(fresh).toHaveLength(10);
  expect(await page.getByRole("link", { name: "Continue" }).count()).toBe(0);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download codes", exact: true }).click()]);
  expect(codesInFile(await readFile(await download.path(), "utf8"))).toEqual(fresh);
  await page.getByRole("link", { name: "Continue", exact: true }).click();
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();
  await page.goto("/security");
  expect(await textOf(page.locator("#recovery-codes"))).toContain("10 of 10 left");

  // The new set signs in as usual.
  await signOut(page);
  await signInToVerify(page, person);
  await submitRecoveryCode(page, fresh[0] ?? "");
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();

  await context.close();
}, 180_000);
