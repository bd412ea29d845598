// Support-ticket recovery (S26), as the people involved meet it in their own browsers: a person
// who lost every method and code asks support; the owner's mailbox hears of it at once with a
// cancel link; an agent recommends, and after the waiting period (moved through SQL: the app runs
// its production build, where no test clock can be injected) a lead approves and, the request
// being risky, a second lead co-signs; the person follows the mailed link, sets up a new method
// and codes, and every old session is gone. And the real owner's cancel link ends a request, which
// staff then see with the reason.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { alerts, eventually, heading, launchBrowser, newDevice, statuses, textOf, waitForHydration, waitForPath } from "./support/browser";
import { endSupportWaitingPeriod } from "./support/database";
import { tokenLink, waitForMail } from "./support/mailbox";
import { createConfirmedAccount, newPerson, type Person, signIn, submitSignIn } from "./support/people";
import { addAuthenticatorApp, totpCode } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A staff member signs in with password and authenticator app, and lands on the dashboard. */
async function signInAsStaff(email: string) {
  const { staff } = inject("e2e");
  const device = await newDevice(browser);
  await device.page.goto("/sign-in");
  await submitSignIn(device.page, email, staff.password);
  await waitForPath(device.page, "/sign-in/verify");
  await (await waitForHydration(device.page, "Verify")).waitFor();
  await device.page.getByLabel("Code", { exact: true }).fill(totpCode(staff.totpKey));
  await device.page.getByRole("button", { name: "Verify", exact: true }).click();
  await waitForPath(device.page, "/staff");
  return device;
}

/** "Can't sign in?" -> "Ask support": fills the request and answers the status link shown once. */
async function askSupport(page: Page, person: Person, story: string): Promise<{ reference: string; statusUrl: string }> {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Can’t sign in?" }).click();
  await heading(page, "Can’t sign in?").waitFor();
  await page.getByRole("link", { name: "Ask support to recover my account" }).click();
  await heading(page, "Ask support to recover your account").waitFor();
  await page.getByLabel("Email address of the account", { exact: true }).fill(person.email);
  await page.getByLabel("What happened?", { exact: true }).fill(story);
  await page.getByLabel("When did you last sign in?", { exact: true }).fill("Yesterday morning");
  await page.getByLabel("Which devices and places do you use it from?", { exact: true }).fill("A laptop at home");
  await (await waitForHydration(page, "Send my request")).click();
  await page.getByRole("heading", { name: "Your request is sent" }).waitFor();
  const statusUrl = await page.getByLabel("Link to your request", { exact: true }).inputValue();
  const reference = /RK-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await page.locator("main").innerText())?.[0] ?? "";
  expect(reference).not.toBe("");
  expect(new URL(statusUrl).hash).toMatch(/^#token=/);
  return { reference, statusUrl };
}

/** From the queue (every stage), opens the request with this reference. */
async function openTicket(page: Page, reference: string) {
  await page.goto("/staff?stage=all");
  await page.getByRole("link", { name: reference }).click();
  await heading(page, `Request ${reference}`).waitFor();
}

/** Approves in the dialog with a reason; answers the outcome line. */
async function approve(page: Page, reason: string): Promise<string> {
  await (await waitForHydration(page, "Approve")).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel("Reason for approving", { exact: true }).fill(reason);
  await dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  return textOf(statuses(page).filter({ hasText: /Approved\.|Your approval is recorded\./ }));
}

test("a person who lost everything asks support; after the waiting period two leads approve the risky request, and the mailed link gets them back in", async () => {
  const { staff } = inject("e2e");
  const owner = newPerson("support-owner");
  await createConfirmedAccount(browser, owner);
  // Two-step verification on: the request will be risky and need a second lead.
  const ownerDevice = await newDevice(browser);
  await signIn(ownerDevice.page, owner);
  await ownerDevice.page.goto("/security");
  await addAuthenticatorApp(ownerDevice.page);

  // Phone and codes are gone. On a new device, the person asks support.
  const lost = await newDevice(browser);
  const { reference, statusUrl } = await askSupport(lost.page, owner, "My phone was stolen with the authenticator app on it, and the codes were on it too.");
  await lost.page.goto(statusUrl);
  await statuses(lost.page).or(lost.page.locator("main [role=alert]")).filter({ hasText: "Waiting" }).first().waitFor();

  // The owner's mailbox hears of it at once, with a one-click cancel link.
  const notice = await waitForMail(owner.email, /^Someone asked Rekey support to recover your account$/);
  expect(notice.text).toContain(reference);
  expect(tokenLink(notice).pathname).toBe("/recovery/cancel");

  // An agent reads it and recommends approval; nobody can approve during the waiting period.
  const agent = await signInAsStaff(staff.agent);
  await openTicket(agent.page, reference);
  const agentView = await agent.page.locator("main").innerText();
  expect(agentView).toContain("My phone was stolen");
  expect(agentView).toContain("Risky");
  await agent.page.getByLabel("Your reasoning", { exact: true }).fill("Story fits the account: created recently, one laptop.");
  await (await waitForHydration(agent.page, "Recommend approval")).click();
  await statuses(agent.page).filter({ hasText: "Recommendation to approve recorded." }).waitFor();

  const lead = await signInAsStaff(staff.lead);
  await openTicket(lead.page, reference);
  expect(await textOf(lead.page.locator("#approve-blocked"))).toContain("The waiting period ends");
  await expect(lead.page.getByRole("button", { name: "Approve", exact: true }).isDisabled()).resolves.toBe(true);

  // Three days later (moved through SQL), the first lead approves; a second one must co-sign.
  await expect(endSupportWaitingPeriod(owner.email)).resolves.toBe(1);
  await openTicket(lead.page, reference);
  expect(await approve(lead.page, "Agent's recommendation checks out.")).toContain("A second lead must approve too.");
  await openTicket(lead.page, reference);
  expect(await textOf(lead.page.locator("#approve-blocked"))).toContain("a second lead must approve too");

  const lead2 = await signInAsStaff(staff.lead2);
  await openTicket(lead2.page, reference);
  expect(await approve(lead2.page, "Second pair of eyes: agreed.")).toContain("The recovery link is on its way.");

  // The link goes to the address on file; the person follows it and is back in.
  const approved = await waitForMail(owner.email, /^Your Rekey account recovery was approved$/);
  const link = tokenLink(approved);
  expect(link.pathname).toBe("/recovery/support/complete");
  await lost.page.goto(link.href);
  await heading(lost.page, "Recover your account").waitFor();
  await (await waitForHydration(lost.page, "Recover my account")).click();
  await waitForPath(lost.page, "/security");
  await statuses(lost.page).filter({ hasText: "You are back in your account." }).waitFor();
  // Nothing else until a new method is on and new codes are saved.
  await lost.page.goto("/devices");
  await waitForPath(lost.page, "/security");
  await addAuthenticatorApp(lost.page);
  await lost.page.goto("/");
  await heading(lost.page, "Your account").waitFor();

  // Every session from before is gone, and the old address was told.
  await ownerDevice.page.goto("/devices");
  await waitForPath(ownerDevice.page, "/sign-in");
  const recovered = await waitForMail(owner.email, /^Your Rekey account was recovered$/);
  expect(recovered.text).toContain("by our support team after a review");

  // The link works once.
  const again = await newDevice(browser);
  await again.page.goto(link.href);
  await (await waitForHydration(again.page, "Recover my account")).click();
  await eventually(async () => expect(await textOf(again.page.locator("main [role=alert]").first())).toContain("already used"));

  // The status page says so; staff see the whole story in the timeline.
  await lost.page.goto(statusUrl);
  await eventually(async () => expect(await lost.page.locator("main").innerText()).toContain("Completed"));
  await openTicket(lead2.page, reference);
  const timeline = await lead2.page.locator("main").innerText();
  for (const step of ["Request opened", "Waiting period ends", "Recommended approval", "Approved", "Account recovered with the link"]) expect(timeline).toContain(step);
  for (const device of [ownerDevice, lost, agent, lead, lead2, again]) await device.context.close();
}, 300_000);

test("the real owner cancels with the link in the notice, the request is over, and staff see why", async () => {
  const { staff } = inject("e2e");
  const owner = newPerson("support-cancel");
  await createConfirmedAccount(browser, owner);
  const asker = await newDevice(browser);
  const { reference, statusUrl } = await askSupport(asker.page, owner, "I lost my phone, please let me in, <b>urgent</b>.");

  const notice = await waitForMail(owner.email, /^Someone asked Rekey support to recover your account$/);
  const ownerDevice = await newDevice(browser);
  await ownerDevice.page.goto(tokenLink(notice).href);
  await (await waitForHydration(ownerDevice.page, "This wasn’t me: cancel the recovery")).click();
  await statuses(ownerDevice.page).filter({ hasText: "The recovery is cancelled." }).waitFor();

  await asker.page.goto(statusUrl);
  await eventually(async () => expect(await asker.page.locator("main").innerText()).toContain("Cancelled"));

  const agent = await signInAsStaff(staff.agent);
  await openTicket(agent.page, reference);
  const view = await agent.page.locator("main").innerText();
  expect(view).toContain("Cancelled by the owner with the link in the notice");
  // What the person typed is shown as text, never as markup.
  expect(view).toContain("<b>urgent</b>");
  await expect(agent.page.locator("main b").count()).resolves.toBe(0);
  await expect(agent.page.getByRole("button", { name: "Recommend approval" }).count()).resolves.toBe(0);
  expect(await textOf(alerts(agent.page).or(agent.page.locator("main")).first())).not.toContain("Something went wrong");
  for (const device of [asker, ownerDevice, agent]) await device.context.close();
}, 180_000);
