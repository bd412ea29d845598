// Text-message codes and "confirm it's you" in a person's hands. Texts travel the production path:
// the worker's Twilio adapter delivers them to the run's stand-in provider (support/sms-sink.ts),
// and the test reads them off the phone, never from the database.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, eventually, heading, launchBrowser, newDevice, statuses, textOf, waitForHydration, waitForPath } from "./support/browser";
import { ageLastProof } from "./support/database";
import { tokenLink, waitForMail } from "./support/mailbox";
import { createConfirmedAccount, newPerson, signIn, signInToVerify, signOut } from "./support/people";
import { codeIn, newMobileNumber, phone, textsTo } from "./support/phone";
import { addAuthenticatorApp, addVirtualAuthenticator, saveRecoveryCodes, totpCode } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "rekey.session");
  if (!cookie) throw new Error("This browser holds no session cookie");
  return cookie;
}

test("add a phone with a texted code, a resend inside the cooldown is refused, then sign in with a texted code", async () => {
  const person = newPerson("sms");
  const number = newMobileNumber();
  const handset = phone(number.e164);
  const masked = `+44...${number.e164.slice(-4)}`;
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);

  await page.goto("/security");
  // SMS is offered with its risk stated (S16).
  const risk = await textOf(statuses(page).filter({ hasText: "Text messages are the weakest method." }));
  expect(risk).toContain("SIM swap");

  await waitForHydration(page, "Add phone");
  await page.getByLabel("Phone number", { exact: true }).fill(number.typed);
  await page.getByRole("button", { name: "Add phone", exact: true }).click();
  await page.locator("main").getByText(`We sent a code to ${masked}. It works for 10 minutes.`).waitFor();
  const enrolText = await handset.nextText();
  const enrolCode = codeIn(enrolText);
  // The origin-bound line (WebOTP): the browser offers the code only on this site.
  expect(enrolText.body).toContain(`@localhost #${enrolCode}`);

  // Asked again at once: refused, and the page says why and for how long.
  await page.getByRole("button", { name: "Resend code", exact: true }).click();
  expect(await textOf(alerts(page))).toMatch(/^A code was just sent\. You can ask for another in \d+ seconds\.$/);

  await page.getByLabel("Code", { exact: true }).fill(enrolCode);
  await page.getByRole("button", { name: "Turn on", exact: true }).click();
  // The first method turns two-step verification on once the recovery codes are saved (S21).
  await saveRecoveryCodes(page);
  const methods = await textOf(page.locator("main ul").first());
  expect(methods).toContain("Text message");
  expect(methods).toContain(masked);
  await waitForMail(person.email, new RegExp(`^Security change on your Rekey account: Two-step verification was turned on with text messages to ${masked.replace(/[.+]/g, "\\$&")}, and recovery codes were saved$`));

  // Signing in at once: the enrolment code's cooldown does not hold up a sign-in code.
  await signOut(page);
  await signInToVerify(page, person);
  await page.locator("main").getByText(masked, { exact: true }).waitFor();
  await (await waitForHydration(page, "Text me a code")).click();
  await statuses(page).filter({ hasText: `We sent a code to ${masked}.` }).waitFor();
  await page.locator("main").getByText(/^You can ask for a new code in \d+ seconds\.$/).waitFor();
  const signInCode = codeIn(await handset.nextText());

  // The page reloaded before the code was typed: asking again inside the cooldown is refused with
  // the reason, and the code already sent still has a place to go.
  await page.reload();
  await (await waitForHydration(page, "Text me a code")).click();
  expect(await textOf(alerts(page))).toMatch(/^A code was just sent\. You can ask for another in \d+ seconds\.$/);
  await page.getByLabel("Code", { exact: true }).fill(signInCode);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await waitForPath(page, "/");
  await heading(page, "Your account").waitFor();

  // Two codes asked for and sent; the two refused requests sent nothing.
  expect(textsTo(number.e164)).toHaveLength(2);
  await context.close();
});

test("rename and remove methods; after the step-up window, removing the last asks to confirm it's you and comes back", async () => {
  const person = newPerson("step-up");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  const other = await newDevice(browser);
  await signIn(page, person);
  await signIn(other.page, person);

  await page.goto("/security");
  const key = await addAuthenticatorApp(page);
  await addVirtualAuthenticator(context, page, { resident: false });
  await (await waitForHydration(page, "Add security key")).click();
  const keyName = (await textOf(statuses(page).filter({ hasText: /^Added / }))).replace(/^Added (.+)\.$/, "$1");
  const methodNames = page.locator("main ul").first().locator("h3");
  await eventually(async () => {
    expect(await methodNames.allInnerTexts()).toEqual(["Authenticator app", keyName]);
  });

  // A fresh sign-in is recent enough: renaming and removing need nothing more.
  await page.getByRole("button", { name: "Rename Authenticator app", exact: true }).click();
  await page.getByLabel("Name", { exact: true }).fill("Work phone");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await eventually(async () => {
    expect(await methodNames.allInnerTexts()).toEqual(["Work phone", keyName]);
  });
  await page.getByRole("button", { name: `Remove ${keyName}`, exact: true }).click();
  await page.getByRole("button", { name: "Remove", exact: true }).click();
  await eventually(async () => {
    expect(await methodNames.allInnerTexts()).toEqual(["Work phone"]);
  });
  await waitForMail(person.email, /^Security change on your Rekey account: A security key or passkey \(“.+”\) was removed$/);
  // Removing a method signs out every other device (S11).
  await other.page.goto("/");
  await waitForPath(other.page, "/sign-in");

  // Eleven minutes pass (the default window is ten): the same kind of change now asks for proof.
  expect(await ageLastProof(person.email, 11)).toBe(1);
  const sessionBefore = await sessionCookie(context);
  await page.getByRole("button", { name: "Remove Work phone", exact: true }).click();
  await page.getByRole("button", { name: "Remove and turn off two-step verification", exact: true }).click();
  await waitForPath(page, "/confirm");
  expect(new URL(page.url()).searchParams.get("next")).toBe("/security");
  await heading(page, "Confirm it’s you").waitFor();
  await waitForHydration(page, "Verify");
  await page.getByLabel("Code", { exact: true }).fill(totpCode(key, { stepsAhead: 1 }));
  await page.getByRole("button", { name: "Verify", exact: true }).click();

  // Back where the person was, the method still there: nothing changed before the proof.
  await waitForPath(page, "/security");
  await eventually(async () => {
    expect(await methodNames.allInnerTexts()).toEqual(["Work phone"]);
  });
  // Step-up issued a new session; the old token is dead (S10).
  const sessionAfter = await sessionCookie(context);
  expect(sessionAfter.value).not.toBe(sessionBefore.value);
  const stale = await newDevice(browser);
  await stale.context.addCookies([sessionBefore]);
  await stale.page.goto("/");
  await waitForPath(stale.page, "/sign-in");

  await (await waitForHydration(page, "Remove Work phone")).click();
  await page.getByRole("button", { name: "Remove and turn off two-step verification", exact: true }).click();
  await statuses(page).filter({ hasText: "Two-step verification is off." }).waitFor();
  const notice = await waitForMail(
    person.email,
    /^Security change on your Rekey account: An authenticator app \(“Work phone”\) was removed and two-step verification is now off$/,
  );
  expect(tokenLink(notice).pathname).toBe("/not-me");

  // Off for real: on a new device the password alone signs in.
  const later = await newDevice(browser);
  await signIn(later.page, person);

  for (const device of [later, stale, other]) await device.context.close();
  await context.close();
});
