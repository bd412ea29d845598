// Trusted contacts (S24, S25), as three people meet them in three browsers: the owner names two
// contacts, both accept, and once the cooling-off has passed (moved through SQL: the app runs its
// production build, where no test clock can be injected) the owner, who lost their phone and
// their recovery codes, gets back in with a code from each plus the password, or, without the
// password, after the waiting period; and the cancel link in the owner's mail stops a recovery.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, eventually, heading, launchBrowser, newDevice, statuses, textOf, waitForHydration, waitForPath } from "./support/browser";
import { endContactsCoolingOff, endRecoveryWaitingPeriod } from "./support/database";
import { mailTo, tokenLink, waitForMail } from "./support/mailbox";
import { createConfirmedAccount, newPerson, type Person, signIn, strongPassword, submitSignIn } from "./support/people";
import { addAuthenticatorApp } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** On the security page (signed in, fresh): names a contact and waits for the answer. */
async function inviteContact(page: Page, contact: Person) {
  await page.goto("/security");
  await page.getByLabel("Email address", { exact: true }).fill(contact.email);
  await (await waitForHydration(page, "Send invitation")).click();
  await statuses(page).filter({ hasText: `Invitation sent to ${contact.email}.` }).waitFor();
}

/** The contact opens the link in the invitation mail, signs in, and accepts. */
async function acceptInvitation(contact: Person, owner: Person) {
  const invitation = await waitForMail(contact.email, new RegExp(`^${owner.name} asked you to be a trusted contact$`));
  expect(invitation.text).toContain(`${owner.name} (${owner.email})`);
  const link = plainLink(invitation.text, "/trusted-contacts/helping");
  const device = await newDevice(browser);
  await signIn(device.page, contact);
  await device.page.goto(link.href);
  await heading(device.page, "People who trust you").waitFor();
  await (await waitForHydration(device.page, `Accept ${owner.name}’s invitation`)).click();
  // The answer, not the page around it: "People you help" and the owner's address show before the
  // acceptance commits (the invitation names them), and a test moving the cooling-off through SQL
  // right after would then miss this contact.
  await statuses(device.page).filter({ hasText: `You are now a trusted contact of ${owner.name}.` }).waitFor();
  await device.page.getByRole("heading", { name: "People you help" }).waitFor();
  await eventually(async () => expect(await device.page.locator("main").innerText()).toContain(owner.email));
  return device;
}

/** A link without a token (invitations and help requests lead to a page behind sign-in). */
function plainLink(text: string, path: string): URL {
  const found = [...text.matchAll(/https?:\/\/[^\s<>"']+/g)].map((match) => new URL(match[0])).find((url) => url.pathname === path);
  if (!found) throw new Error(`No link to ${path} in: ${text}`);
  return found;
}

/** The contact, on their page, confirms the owner asked and answers the code shown. */
async function vouch(page: Page, owner: Person): Promise<string> {
  await page.goto("/trusted-contacts/helping");
  await page.getByRole("heading", { name: `${owner.name} may need your help` }).waitFor();
  await (await waitForHydration(page, `Yes, ${owner.name} asked me for help`)).click();
  const code = await textOf(page.getByTestId("relay-code").locator("[aria-hidden=true]"));
  expect(code).toMatch(/^\d{4} \d{4}$/);
  expect(await page.locator("main").innerText()).toContain("Never send it by message or email.");
  // Shown only in this answer: never in the address bar.
  expect(page.url()).not.toContain(code.replace(" ", ""));
  return code;
}

async function enterCode(page: Page, code: string, accepted: number, needed: number) {
  await page.getByLabel("Code from a trusted contact", { exact: true }).fill(code);
  await (await waitForHydration(page, "Enter code")).click();
  await page.getByText(`Codes entered: ${accepted} of ${needed}`, { exact: true }).waitFor();
}

/** Two contacts accepted and past their cooling-off, as the owner's security page shows. */
async function ownerWithTwoContacts(label: string) {
  const owner = newPerson(`${label}-owner`);
  const sam = newPerson(`${label}-sam`);
  const robin = newPerson(`${label}-robin`);
  for (const person of [owner, sam, robin]) await createConfirmedAccount(browser, person);
  const ownerDevice = await newDevice(browser);
  await signIn(ownerDevice.page, owner);
  return { owner, sam, robin, ownerDevice };
}

test("two contacts accept, and after their cooling-off the owner, who lost phone and codes, is back in with both codes and the password", async () => {
  const { owner, sam, robin, ownerDevice } = await ownerWithTwoContacts("contacts");
  const { page } = ownerDevice;
  await page.goto("/security");
  await addAuthenticatorApp(page);

  await inviteContact(page, sam);
  await inviteContact(page, robin);
  const samDevice = await acceptInvitation(sam, owner);
  const robinDevice = await acceptInvitation(robin, owner);
  // Each change is told to the owner with a "this wasn't me" link (S27).
  await waitForMail(owner.email, /^Security change on your Rekey account: .* accepted your invitation/);

  // Accepted, but cooling off: they cannot help yet.
  await page.goto("/security");
  const section = page.locator("#trusted-contacts");
  await eventually(async () => expect(await section.innerText()).toMatch(/can help from/i));
  expect(await section.innerText()).toContain("None of your contacts can help yet; a recovery needs 2.");
  await expect(endContactsCoolingOff(owner.email)).resolves.toBe(2);
  await page.reload();
  await eventually(async () => expect(await section.innerText()).toContain("2 of your contacts can help now; a recovery needs 2."));

  // The phone and the codes are gone. On a new device, the password leads to the second step.
  const lost = await newDevice(browser);
  await lost.page.goto("/sign-in");
  await submitSignIn(lost.page, owner.email, owner.password);
  await waitForPath(lost.page, "/sign-in/verify");
  await lost.page.getByRole("link", { name: "Ask my trusted contacts" }).click();
  await heading(lost.page, "Ask your trusted contacts").waitFor();
  await lost.page.getByLabel("Email", { exact: true }).fill(owner.email);
  await (await waitForHydration(lost.page, "Ask my trusted contacts")).click();
  await waitForPath(lost.page, "/recovery/contacts");
  await lost.page.getByText("Codes entered: 0 of 2", { exact: true }).waitFor();

  // The owner's mailbox hears of it at once, with a cancel link; each contact is asked.
  const started = await waitForMail(owner.email, /^Someone is trying to recover your Rekey account$/);
  expect(tokenLink(started).pathname).toBe("/recovery/cancel");
  for (const contact of [sam, robin]) {
    const ask = await waitForMail(contact.email, new RegExp(`^${owner.name} may need your help`));
    expect(ask.text).toContain("Call them on a number you already know");
    expect(plainLink(ask.text, "/trusted-contacts/helping").pathname).toBe("/trusted-contacts/helping");
  }

  // Each contact confirms and reads a code; the owner types them in.
  const samCode = await vouch(samDevice.page, owner);
  await enterCode(lost.page, samCode, 1, 2);
  // The same code again does not count twice.
  await lost.page.getByLabel("Code from a trusted contact", { exact: true }).fill(samCode);
  await lost.page.getByRole("button", { name: "Enter code", exact: true }).click();
  expect(await textOf(alerts(lost.page))).toContain("That code is not right");
  const robinCode = await vouch(robinDevice.page, owner);
  await enterCode(lost.page, robinCode, 2, 2);

  // The second proof: the password.
  await lost.page.getByRole("heading", { name: "Finish with your password" }).waitFor();
  await lost.page.getByLabel("Password", { exact: true }).fill(owner.password);
  await (await waitForHydration(lost.page, "Finish with my password")).click();
  await waitForPath(lost.page, "/security");
  await statuses(lost.page).filter({ hasText: "You are back in your account." }).waitFor();
  // Nothing else until a new method is on and new codes are saved.
  await lost.page.goto("/devices");
  await waitForPath(lost.page, "/security");
  await addAuthenticatorApp(lost.page);
  await lost.page.goto("/");
  await heading(lost.page, "Your account").waitFor();

  // Every session from before is gone.
  await page.goto("/devices");
  await waitForPath(page, "/sign-in");

  // The old address is told, with a "this wasn't me" link; the contacts got only their two mails.
  const recovered = await waitForMail(owner.email, /^Your Rekey account was recovered$/);
  expect(recovered.text).toContain("with codes from your trusted contacts");
  expect(tokenLink(recovered).pathname).toBe("/not-me");
  for (const contact of [sam, robin]) {
    expect(mailTo(contact.email).map((mail) => mail.subject)).toEqual(
      expect.arrayContaining([`${owner.name} asked you to be a trusted contact`, `${owner.name} may need your help to get back into their account`]),
    );
    expect(mailTo(contact.email).some((mail) => mail.text.includes(samCode.replace(" ", "")) || mail.text.includes(robinCode.replace(" ", "")))).toBe(false);
  }
  for (const device of [ownerDevice, samDevice, robinDevice, lost]) await device.context.close();
}, 240_000);

test("without the password: the owner's cancel link stops a recovery, and a new one finishes after the waiting period with a new password", async () => {
  const { owner, sam, robin, ownerDevice } = await ownerWithTwoContacts("waiting");
  await inviteContact(ownerDevice.page, sam);
  await inviteContact(ownerDevice.page, robin);
  const samDevice = await acceptInvitation(sam, owner);
  const robinDevice = await acceptInvitation(robin, owner);
  await expect(endContactsCoolingOff(owner.email)).resolves.toBe(2);

  // Someone who is not the owner asks, from "Can't sign in?".
  const asker = await newDevice(browser);
  await asker.page.goto("/sign-in");
  await asker.page.getByRole("link", { name: "Can’t sign in?" }).click();
  await heading(asker.page, "Can’t sign in?").waitFor();
  await asker.page.getByRole("link", { name: "Ask my trusted contacts" }).click();
  await asker.page.getByLabel("Email", { exact: true }).fill(owner.email);
  await (await waitForHydration(asker.page, "Ask my trusted contacts")).click();
  await waitForPath(asker.page, "/recovery/contacts");
  await enterCode(asker.page, await vouch(samDevice.page, owner), 1, 2);
  await enterCode(asker.page, await vouch(robinDevice.page, owner), 2, 2);
  // Without the password it must wait; the page says until when.
  expect(await asker.page.locator("main").innerText()).toContain("Then come back after");

  // The owner opens the cancel link from their mail and cancels with one click.
  const started = await waitForMail(owner.email, /^Someone is trying to recover your Rekey account$/);
  await ownerDevice.page.goto(tokenLink(started).href);
  await heading(ownerDevice.page, "Someone is trying to recover your account").waitFor();
  await (await waitForHydration(ownerDevice.page, "This wasn’t me: cancel the recovery")).click();
  await statuses(ownerDevice.page).filter({ hasText: "The recovery is cancelled." }).waitFor();
  expect(new URL(ownerDevice.page.url()).hash).toBe("");

  // Even once the waiting period would be over, the cancelled recovery cannot finish.
  await endRecoveryWaitingPeriod(owner.email);
  await asker.page.reload();
  await statuses(asker.page).filter({ hasText: "This recovery was cancelled." }).waitFor();
  await expect(asker.page.getByLabel("New password", { exact: true }).count()).resolves.toBe(0);

  // The owner, who really lost the password, starts again; the contacts help; the day passes.
  const owners = await newDevice(browser);
  await owners.page.goto("/recovery/contacts/start");
  await owners.page.getByLabel("Email", { exact: true }).fill(owner.email);
  await (await waitForHydration(owners.page, "Ask my trusted contacts")).click();
  await waitForPath(owners.page, "/recovery/contacts");
  await enterCode(owners.page, await vouch(samDevice.page, owner), 1, 2);
  await enterCode(owners.page, await vouch(robinDevice.page, owner), 2, 2);
  await expect(endRecoveryWaitingPeriod(owner.email)).resolves.toBe(1);
  await owners.page.reload();
  const newPassword = strongPassword();
  await owners.page.getByLabel("New password", { exact: true }).fill(newPassword);
  await (await waitForHydration(owners.page, "Set new password and finish")).click();
  await waitForPath(owners.page, "/security");
  // The account had no second factor: the recovered session is a full one.
  await owners.page.goto("/");
  await heading(owners.page, "Your account").waitFor();

  // The old password no longer signs in; the new one does; the first browser was signed out.
  const check = await newDevice(browser);
  await check.page.goto("/sign-in");
  await submitSignIn(check.page, owner.email, owner.password);
  expect(await textOf(alerts(check.page))).toContain("That email and password do not match.");
  await signIn(check.page, { ...owner, password: newPassword });
  await ownerDevice.page.goto("/devices");
  await waitForPath(ownerDevice.page, "/sign-in");
  for (const device of [ownerDevice, samDevice, robinDevice, asker, owners, check]) await device.context.close();
}, 240_000);
