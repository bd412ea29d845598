// A second tenant lives under /t/demo: its pages, links and emailed links stay there, and its
// accounts and sessions mean nothing to the default tenant.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { alerts, heading, launchBrowser, newDevice, textOf, waitForPath } from "./support/browser";
import { tokenLink, waitForMail } from "./support/mailbox";
import { createConfirmedAccount, newPerson, openVerificationLink, signIn, signOut, signUp, submitSignIn } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Every link on the page that leads to another page of this site. */
async function siteLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator("header a[href], main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
  return hrefs.filter((href) => !href.startsWith("#"));
}

function expectAllUnderDemo(links: string[]) {
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(link === "/t/demo" || link.startsWith("/t/demo/"), `link ${link}`).toBe(true);
}

test("the demo tenant at /t/demo: its pages and links stay there, and its account does not exist on the default tenant", async () => {
  const { baseUrl } = inject("e2e");
  const person = newPerson("demo-user", "demo");
  const { context, page } = await newDevice(browser);

  await page.goto("/t/demo/sign-up");
  await heading(page, "Create an account").waitFor();
  expect(await textOf(page.locator("header"))).toBe("Demo Co");
  expectAllUnderDemo(await siteLinks(page));

  await signUp(page, person);
  expect(new URL(page.url()).pathname).toBe("/t/demo/check-your-email");

  const mail = await waitForMail(person.email, /^Confirm your email for Demo Co$/);
  const link = tokenLink(mail);
  expect(link.origin).toBe(baseUrl);
  expect(link.pathname).toBe("/t/demo/verify-email");
  await openVerificationLink(page, person);

  await page.getByRole("link", { name: "Sign in" }).click();
  await waitForPath(page, "/t/demo/sign-in");
  expectAllUnderDemo(await siteLinks(page));
  await submitSignIn(page, person.email, person.password);
  await waitForPath(page, "/t/demo");
  await heading(page, "Your account").waitFor();
  expectAllUnderDemo(await siteLinks(page));

  await page.getByRole("link", { name: "Devices" }).click();
  await waitForPath(page, "/t/demo/devices");
  expect(await textOf(page.locator("main ul > li"))).toContain("This device");
  expectAllUnderDemo(await siteLinks(page));

  // The same browser, on the default tenant: the demo session counts for nothing there.
  await page.goto("/");
  await waitForPath(page, "/sign-in");
  expect(await textOf(page.locator("header"))).toBe("Rekey");
  // And the demo account does not exist there.
  await submitSignIn(page, person.email, person.password);
  expect(await textOf(alerts(page))).toContain("That email and password do not match.");

  // Still signed in on the demo tenant.
  await page.goto("/t/demo");
  await heading(page, "Your account").waitFor();

  // Each tenant has its own cookies: signed in to both at once, and signing out of the default
  // tenant leaves the demo session as it was.
  const elsewhere = newPerson("default-user");
  await createConfirmedAccount(browser, elsewhere);
  await signIn(page, elsewhere);
  const names = (await context.cookies()).map((cookie) => cookie.name);
  expect(names).toEqual(expect.arrayContaining(["rekey.session", "rekey-demo.session", "rekey.device", "rekey-demo.device"]));
  await page.goto("/t/demo");
  await heading(page, "Your account").waitFor();
  await signOut(page);
  await page.goto("/t/demo");
  await heading(page, "Your account").waitFor();
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("rekey.session");

  // /t/default/... is the default tenant's page under its one canonical address.
  await page.goto("/t/default/forgot-password");
  await waitForPath(page, "/forgot-password");

  await context.close();
});
