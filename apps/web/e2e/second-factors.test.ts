// Second factors in a person's hands: an authenticator app enrolled from the page's key with codes
// from oathtool, a passkey and a security key through Chromium's virtual authenticator.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, heading, launchBrowser, newDevice, statuses, textOf, waitForHydration, waitForPath } from "./support/browser";
import { createConfirmedAccount, newPerson, type Person, signIn, signInToVerify, signOut, submitSignIn } from "./support/people";
import { addVirtualAuthenticator, nextTotpStep, saveRecoveryCodes, totpCode } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("enrol an authenticator app, sign in with a code, and a replayed code is refused", async () => {
  const person = newPerson("totp");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);

  await page.getByRole("link", { name: "Two-step verification" }).click();
  await waitForPath(page, "/security");
  await heading(page, "Two-step verification").waitFor();
  await (await waitForHydration(page, "Add authenticator app")).click();
  const key = await textOf(page.getByTestId("totp-secret"));
  expect(key.replace(/\s+/g, "")).toMatch(/^[A-Z2-7]{32}$/);
  await page.locator("main svg").first().waitFor();
  // A fresh sign-in counts as recent: enrolment needs no "confirm it's you".
  await page.getByLabel("Code", { exact: true }).fill(totpCode(key));
  await page.getByRole("button", { name: "Turn on", exact: true }).click();
  await saveRecoveryCodes(page);
  expect(await textOf(page.locator("main ul").first())).toContain("Authenticator app");

  await signOut(page);
  // The activation used this step's code; each step is accepted once (S14).
  await nextTotpStep();
  await signInToVerify(page, person);
  const challenge = (await context.cookies()).find((cookie) => cookie.name === "rekey.challenge");
  expect(challenge?.httpOnly).toBe(true);
  expect(challenge?.sameSite).toBe("Lax");
  const code = totpCode(key);
  await (await waitForHydration(page, "Verify")).waitFor();
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("rekey.challenge");

  // Someone who saw that code tries it from another browser within its step: refused.
  const thief = await newDevice(browser);
  await signInToVerify(thief.page, person);
  await waitForHydration(thief.page, "Verify");
  await thief.page.getByLabel("Code", { exact: true }).fill(code);
  await thief.page.getByRole("button", { name: "Verify", exact: true }).click();
  expect(await textOf(alerts(thief.page))).toMatch(/code/i);
  expect(new URL(thief.page.url()).pathname).toBe("/sign-in/verify");
  expect((await thief.context.cookies()).map((cookie) => cookie.name)).not.toContain("rekey.session");

  await thief.context.close();
  await context.close();
});

test("add a passkey, then sign in with it and no password: by browser autofill and by the button", async () => {
  const person = newPerson("passkey");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  const authenticator = await addVirtualAuthenticator(context, page, { resident: true });
  await signIn(page, person);

  await page.goto("/security");
  await (await waitForHydration(page, "Add passkey")).click();
  await saveRecoveryCodes(page);
  expect(await authenticator.credentials()).toHaveLength(1);
  expect(await textOf(page.locator("main ul").first())).toContain("Passkey");

  // Conditional mediation: the sign-in page asks for a passkey through the email field's autofill,
  // and the virtual authenticator (always consenting) answers it without a click.
  await signOut(page);
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();
  expect(await textOf(page.locator("main dl"))).toContain(person.email);

  // A browser without autofill for passkeys: the button does the same, still without a password.
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  await signOut(page);
  await (await waitForHydration(page, "Sign in with a passkey")).click();
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();
  expect(await textOf(page.locator("main dl"))).toContain(person.email);

  await context.close();
});

test("add a security key, then sign in with password and the key", async () => {
  const person = newPerson("security-key");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  const authenticator = await addVirtualAuthenticator(context, page, { resident: false });
  await signIn(page, person);

  await page.goto("/security");
  await (await waitForHydration(page, "Add security key")).click();
  await saveRecoveryCodes(page);
  expect(await authenticator.credentials()).toHaveLength(1);
  expect(await textOf(page.locator("main ul").first())).toContain("Security key");

  await signOut(page);
  await signInToVerify(page, person);
  await (await waitForHydration(page, "Use security key")).click();
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();

  await context.close();
});
