// The browser holds an opaque session token in an HttpOnly cookie, and nothing else: no JWT, no
// copy in the page, nothing scripts can read.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchBrowser, newDevice } from "./support/browser";
import { createConfirmedAccount, newPerson, signIn } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("the session cookie is HttpOnly, SameSite=Lax, path /, opaque, and never in a page", async () => {
  const person = newPerson("cookie");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);

  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === "rekey.session");
  expect(session).toBeDefined();
  if (!session) return;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe("Lax");
  expect(session.path).toBe("/");
  // A host-only cookie (no Domain attribute), for this origin alone.
  expect(session.domain).toBe("localhost");
  // 256 bits of randomness in base64url: at least 43 characters, and no JWT's dot-separated parts.
  expect(session.value.length).toBeGreaterThanOrEqual(43);
  expect(session.value).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(session.value).not.toContain(".");

  expect(await page.evaluate(() => document.cookie)).not.toContain(session.value);
  for (const path of ["/", "/devices", "/activity", "/change-password"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    expect(await response?.text()).not.toContain(session.value);
    expect(await page.content()).not.toContain(session.value);
  }
  // next-auth's session endpoint describes the user, not the token.
  const sessionJson = await page.request.get("/api/auth/session");
  expect(await sessionJson.text()).not.toContain(session.value);

  await context.close();
});
