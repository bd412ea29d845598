// The Developers page of the support dashboard, in a tenant admin's hands: they create an API key,
// copy it from the page (the only time it is shown), the key works against the tenant API over
// HTTP as a tenant app's server would call it, they revoke it in the page, and its next call is
// refused (S29). A webhook endpoint's signing secret is shown once too, at creation and rotation.
// And a change after the step-up window goes through "confirm it's you" and comes back to the same
// organisation (S12).
import type { TenantRouter } from "@rekey/api";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { Browser, Page } from "playwright-core";
import superjson from "superjson";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { heading, launchBrowser, newDevice, waitForHydration, waitForPath } from "./support/browser";
import { ageLastProof } from "./support/database";
import { submitSignIn } from "./support/people";
import { nextTotpStep, totpCode } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The 30-second step of the last authenticator code used: the server refuses a code twice (S13). */
let lastTotpStep = -1;

/** A fresh authenticator code for the staff admin, waiting for the next step if this one was used. */
async function freshTotpCode(): Promise<string> {
  if (Math.floor(Date.now() / 30_000) === lastTotpStep) await nextTotpStep();
  lastTotpStep = Math.floor(Date.now() / 30_000);
  return totpCode(inject("e2e").staff.totpKey);
}

/** The staff admin signs in with password and authenticator app, in a browser that lets the page copy. */
async function signInAsAdmin() {
  const { staff } = inject("e2e");
  const device = await newDevice(browser, { permissions: ["clipboard-read", "clipboard-write"] });
  await device.page.goto("/sign-in");
  await submitSignIn(device.page, staff.admin, staff.password);
  await waitForPath(device.page, "/sign-in/verify");
  await (await waitForHydration(device.page, "Verify")).waitFor();
  await device.page.getByLabel("Code", { exact: true }).fill(await freshTotpCode());
  await device.page.getByRole("button", { name: "Verify", exact: true }).click();
  await waitForPath(device.page, "/staff");
  return device;
}

/** The tenant API as a tenant app's server calls it, with `key` in the Authorization header. */
function tenantApp(key: string) {
  return createTRPCClient<TenantRouter>({
    links: [httpLink({ url: `${inject("e2e").baseUrl}/api/tenant/trpc`, transformer: superjson, headers: { authorization: `Bearer ${key}` } })],
  });
}

/** Opens the Developers page from the dashboard's navigation and shows `organisation`. */
async function openDevelopers(page: Page, organisation: string) {
  await page.getByRole("navigation", { name: "Support dashboard" }).getByRole("link", { name: "Developers", exact: true }).click();
  await heading(page, "Developers").waitFor();
  await page.getByLabel("Organisation", { exact: true }).selectOption({ label: organisation });
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.has("tenant"));
  await page.getByText(`Connect ${organisation}'s own apps to Rekey.`).waitFor();
}

/** Nothing sticks out sideways on a 375 px phone: wide tables scroll inside their own region. */
async function fitsAPhone(page: Page) {
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("an admin creates a key, copies it from the page, the tenant API takes it, and after revoking it in the page the next call is refused", async () => {
  const { page, context } = await signInAsAdmin();
  await openDevelopers(page, "Rekey");
  const name = `Session checker ${Date.now()}`;

  await (await waitForHydration(page, "Create key")).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel(/Verify and list sessions/).check();
  await dialog.getByRole("button", { name: "Create key", exact: true }).click();

  // Shown once, with a plain warning and a copy button.
  await dialog.getByRole("heading", { name: "Copy your new key now" }).waitFor();
  expect(await dialog.innerText()).toContain("This key will not be shown again.");
  const shown = await dialog.getByLabel("Your new API key", { exact: true }).inputValue();
  expect(shown).toMatch(/^rky_test_[0-9A-Za-z]{28}$/);
  await dialog.getByRole("button", { name: "Copy key", exact: true }).click();
  await dialog.getByRole("status").filter({ hasText: "Copied." }).waitFor();
  const key = await page.evaluate(() => navigator.clipboard.readText());
  expect(key).toBe(shown);
  await dialog.getByRole("button", { name: "I have saved it", exact: true }).click();
  await dialog.waitFor({ state: "detached" });

  // The list names the key by its first characters, never the key.
  const row = page.getByRole("region", { name: "API keys" }).getByRole("row").filter({ hasText: name });
  await row.getByText("Active", { exact: true }).waitFor();
  expect(await row.innerText()).toContain(key.slice(0, "rky_test_".length + 4));
  await page.reload();
  await row.waitFor();
  expect(await page.content()).not.toContain(key.slice("rky_test_".length));
  await fitsAPhone(page);

  // A tenant app's server checks the admin's own session with it.
  const sessionCookie = (await context.cookies()).find((cookie) => cookie.name.endsWith("session"));
  expect(sessionCookie).toBeDefined();
  const app = tenantApp(key);
  expect(await app.sessions.verify.mutate({ token: sessionCookie!.value })).toMatchObject({ active: true, methods: expect.arrayContaining(["totp"]) });

  await (await waitForHydration(page, `Revoke ${name}`)).click();
  const confirm = page.getByRole("alertdialog");
  expect(await confirm.innerText()).toContain("stops working on its next call");
  await confirm.getByRole("button", { name: "Revoke key", exact: true }).click();
  await confirm.waitFor({ state: "detached" });
  await row.getByText("Revoked", { exact: true }).waitFor();

  const refused = await app.sessions.verify.mutate({ token: sessionCookie!.value }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(TRPCClientError);
  expect((refused as TRPCClientError<TenantRouter>).data?.httpStatus).toBe(401);
  await context.close();
});

test("after the step-up window, creating a key asks to confirm it's you and comes back to the same organisation", async () => {
  const { staff } = inject("e2e");
  const { page, context } = await signInAsAdmin();
  await openDevelopers(page, "Demo Co");
  const demoUrl = new URL(page.url());
  await ageLastProof(staff.admin, 24 * 60);

  await (await waitForHydration(page, "Create key")).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel("Name", { exact: true }).fill("Needs a fresh proof");
  await dialog.getByLabel(/Read the security-event feed/).check();
  await dialog.getByRole("button", { name: "Create key", exact: true }).click();

  await waitForPath(page, "/confirm");
  await heading(page, "Confirm it’s you").waitFor();
  const verify = await waitForHydration(page, "Verify");
  await page.getByLabel("Code", { exact: true }).fill(await freshTotpCode());
  await verify.click();

  await page.waitForURL((url) => url.pathname === demoUrl.pathname && url.search === demoUrl.search);
  await heading(page, "Developers").waitFor();
  await page.getByText("Connect Demo Co's own apps to Rekey.").waitFor();
  expect(await page.getByLabel("Organisation", { exact: true }).inputValue()).toBe(demoUrl.searchParams.get("tenant"));

  // Now it goes through, for Demo Co.
  await (await waitForHydration(page, "Create key")).click();
  await dialog.getByLabel("Name", { exact: true }).fill("Needs a fresh proof");
  await dialog.getByLabel(/Read the security-event feed/).check();
  await dialog.getByRole("button", { name: "Create key", exact: true }).click();
  await dialog.getByRole("heading", { name: "Copy your new key now" }).waitFor();
  await dialog.getByRole("button", { name: "I have saved it", exact: true }).click();
  await page.getByRole("region", { name: "API keys" }).getByRole("row").filter({ hasText: "Needs a fresh proof" }).getByText("Active", { exact: true }).waitFor();
  await context.close();
});

test("an admin adds a webhook endpoint, sees its secret once, rotates it, turns the endpoint off and deletes it", async () => {
  const { page, context } = await signInAsAdmin();
  await openDevelopers(page, "Demo Co");
  // A public address literal: accepted without DNS; nothing there answers, and the endpoint is gone at the end.
  const url = `https://93.184.215.14/rekey-e2e/${Date.now()}`;

  await (await waitForHydration(page, "Add endpoint")).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel("URL", { exact: true }).fill(url);
  await dialog.getByLabel("Description (optional)", { exact: true }).fill("Audit mirror");
  await dialog.getByLabel("Only the events I choose", { exact: true }).check();
  await dialog.getByLabel("account.signed_in", { exact: true }).check();
  await dialog.getByLabel("factor.added", { exact: true }).check();
  await dialog.getByRole("button", { name: "Add endpoint", exact: true }).click();
  await dialog.getByRole("heading", { name: "Copy the signing secret now" }).waitFor();
  expect(await dialog.innerText()).toContain("This secret will not be shown again.");
  const secret = await dialog.getByLabel("Signing secret", { exact: true }).inputValue();
  expect(secret).toMatch(/^whsec_/);
  await dialog.getByRole("button", { name: "I have saved it", exact: true }).click();
  await dialog.waitFor({ state: "detached" });

  const endpoint = page.getByRole("article", { name: url });
  await endpoint.getByText("On", { exact: true }).waitFor();
  expect(await endpoint.innerText()).toContain("factor.added");
  expect(await page.content()).not.toContain(secret.slice("whsec_".length));

  await endpoint.getByRole("button", { name: `Rotate the secret of ${url}` }).click();
  expect(await dialog.innerText()).toContain("keeps signing beside it for 24 hours");
  await dialog.getByRole("button", { name: "Rotate secret", exact: true }).click();
  const rotated = await dialog.getByLabel("New signing secret", { exact: true }).inputValue();
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(secret);
  await dialog.getByRole("button", { name: "I have saved it", exact: true }).click();
  await endpoint.getByText(/The previous signing secret also signs until/).waitFor();

  await endpoint.getByRole("button", { name: `Turn off ${url}` }).click();
  await dialog.getByRole("button", { name: "Turn off", exact: true }).click();
  await endpoint.getByText("Off", { exact: true }).waitFor();
  expect(await endpoint.innerText()).toContain("Turned off by hand.");
  await fitsAPhone(page);

  await endpoint.getByRole("button", { name: `Delete ${url}` }).click();
  await dialog.getByRole("button", { name: "Delete endpoint", exact: true }).click();
  await endpoint.waitFor({ state: "detached" });
  await context.close();
});
