// The people in these tests, and the steps every one of them takes through the pages.
import { randomBytes } from "node:crypto";
import type { Browser, Page, Response } from "playwright-core";
import { expect } from "vitest";
import { heading, newDevice, statuses, textOf, waitForHydration, waitForPath } from "./browser";
import { tokenLink, waitForMail } from "./mailbox";

export type Person = { name: string; email: string; password: string; tenant: string };

/** A tenant's page path, as the app builds it (apps/web/src/lib/tenant-href.ts). */
export function tenantPath(tenant: string, path: string): string {
  if (tenant === "default") return path;
  return path === "/" ? `/t/${tenant}` : `/t/${tenant}${path}`;
}

/** A long passphrase with a random part: always acceptable to the strength check. */
export function strongPassword(): string {
  return `lantern-${randomBytes(6).toString("hex")}-orbit-meadow`;
}

export function newPerson(label: string, tenant = "default"): Person {
  const id = randomBytes(4).toString("hex");
  return { name: `Ada ${label}`, email: `${label}-${id}@example.com`, password: strongPassword(), tenant };
}

export async function signUp(page: Page, person: Person) {
  await page.goto(tenantPath(person.tenant, "/sign-up"));
  // Before React hydrates the form, a click is a plain post that may never leave the page (seen as
  // a 15 s timeout here when the machine was busy).
  const button = await waitForHydration(page, "Create account");
  await page.getByLabel("Name", { exact: true }).fill(person.name);
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await button.click();
  await waitForPath(page, tenantPath(person.tenant, "/check-your-email"));
  await heading(page, "Check your email").waitFor();
}

/** Opens the verification link from the mail the SMTP server received, as the person would. */
export async function openVerificationLink(page: Page, person: Person) {
  const mail = await waitForMail(person.email, /^Confirm your email for /);
  const link = tokenLink(mail);
  await page.goto(link.href);
  expect(await textOf(statuses(page).filter({ hasText: "Your email address is confirmed." }))).toContain(person.email);
  return link;
}

/** Sign-up and confirmation in a browser profile of its own, for tests that start from an account. */
export async function createConfirmedAccount(browser: Browser, person: Person) {
  const { context, page } = await newDevice(browser);
  try {
    await signUp(page, person);
    await openVerificationLink(page, person);
  } finally {
    await context.close();
  }
}

/** Fills the sign-in form and submits it; answers next-auth's reply to the credentials post. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<Response> {
  // The form signs in from script (next-auth's signIn); a click before React has hydrated it
  // would be a plain form post to the page instead.
  const button = await waitForHydration(page, "Sign in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.url().includes("/api/auth/callback/credentials") && answer.request().method() === "POST"),
    button.click(),
  ]);
  return response;
}

/** Signs in from the tenant's sign-in page and waits for the account page. */
export async function signIn(page: Page, person: Pick<Person, "email" | "password" | "tenant">) {
  await page.goto(tenantPath(person.tenant, "/sign-in"));
  await submitSignIn(page, person.email, person.password);
  await waitForPath(page, tenantPath(person.tenant, "/"));
  await heading(page, "Your account").waitFor();
}

/** Signs out from the account page and waits for the sign-in page. */
export async function signOut(page: Page, tenant = "default") {
  await page.goto(tenantPath(tenant, "/"));
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await waitForPath(page, tenantPath(tenant, "/sign-in"));
}

/** Password first; a second factor is due, so the sign-in continues on the verify page. */
export async function signInToVerify(page: Page, person: Pick<Person, "email" | "password" | "tenant">) {
  await page.goto(tenantPath(person.tenant, "/sign-in"));
  await submitSignIn(page, person.email, person.password);
  await waitForPath(page, tenantPath(person.tenant, "/sign-in/verify"));
  await heading(page, "Two-step verification").waitFor();
}
