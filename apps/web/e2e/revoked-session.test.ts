// Signing out another device from the Devices page ends that device's session on its very next
// request: the session row is checked on every request, not trusted from the cookie.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { eventually, heading, launchBrowser, newDevice, textOf, waitForPath } from "./support/browser";
import { createConfirmedAccount, newPerson, signIn } from "./support/people";

// Two devices, told apart by their user agents as the Devices page shows them.
const laptop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
const phone =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("a device signed out from another device's Devices page is refused on its next request", async () => {
  const person = newPerson("two-devices");
  await createConfirmedAccount(browser, person);
  const first = await newDevice(browser, { userAgent: laptop });
  const second = await newDevice(browser, { userAgent: phone });
  await signIn(first.page, person);
  await signIn(second.page, person);

  await first.page.goto("/devices");
  await heading(first.page, "Devices").waitFor();
  const devices = first.page.locator("main ul > li");
  expect(await devices.count()).toBe(2);
  expect(await textOf(devices.filter({ hasText: "This device" }))).toContain("on Linux");
  const signOutPhone = first.page.getByRole("button", { name: /^Sign out Chrome \d+ on Android/ });
  expect(await signOutPhone.count()).toBe(1);

  await signOutPhone.click();
  await eventually(async () => {
    expect(await devices.count()).toBe(1);
  });
  await first.page.locator("main").getByText("No other device is signed in.").waitFor();

  // The phone still holds its cookie, but the session behind it is gone.
  expect((await second.context.cookies()).map((cookie) => cookie.name)).toContain("rekey.session");
  await second.page.goto("/");
  await waitForPath(second.page, "/sign-in");
  await heading(second.page, "Sign in").waitFor();

  // The laptop is unaffected.
  await first.page.goto("/");
  await heading(first.page, "Your account").waitFor();

  await first.context.close();
  await second.context.close();
});

test("sign out everywhere else leaves only this device signed in", async () => {
  const person = newPerson("everywhere-else");
  await createConfirmedAccount(browser, person);
  const here = await newDevice(browser);
  const others = [await newDevice(browser, { userAgent: laptop }), await newDevice(browser, { userAgent: phone })];
  for (const device of [here, ...others]) await signIn(device.page, person);

  await here.page.goto("/devices");
  await here.page.getByRole("button", { name: "Sign out everywhere else" }).click();
  expect(await textOf(here.page.locator("main [role=status]"))).toBe("Signed out 2 other devices.");

  for (const other of others) {
    await other.page.goto("/devices");
    await waitForPath(other.page, "/sign-in");
  }
  await here.page.goto("/devices");
  await heading(here.page, "Devices").waitFor();

  for (const device of [here, ...others]) await device.context.close();
});
