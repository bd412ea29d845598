// A keyboard user submits with the button. The button is disabled while the form is sent, and a
// disabled button loses focus to <body>: the next Tab would start past the form. Once a refusal is
// shown, focus is on the first field it marked invalid, or back on the button.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { alerts, eventually, launchBrowser, newDevice, textOf, waitForHydration } from "./support/browser";
import { createConfirmedAccount, newPerson, signIn, signInToVerify, signOut } from "./support/people";
import { addAuthenticatorApp, addVirtualAuthenticator, saveRecoveryCodes } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Tabs to the button and presses Enter on it, as a keyboard user does, once React has hydrated it. */
async function pressButton(page: Page, name: string | RegExp) {
  const button = page.getByRole("button", { name, exact: true }).first();
  await page.waitForFunction(
    (element) => element !== null && Object.keys(element).some((key) => key.startsWith("__reactProps$")),
    await button.elementHandle(),
  );
  await button.focus();
  await page.keyboard.press("Enter");
}

function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "body";
    return element.id || element.textContent?.trim() || element.tagName;
  });
}

test("a refused sign-in puts focus on the email field, not the top of the page", async () => {
  const person = newPerson("keyboard-sign-in");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(`${person.password}x`);

  await pressButton(page, "Sign in");
  expect(await textOf(alerts(page))).toBe("That email and password do not match. Check them and try again.");
  await eventually(async () => {
    expect(await focused(page)).toBe("email");
  });
  await page.keyboard.press("Tab");
  expect(await focused(page)).toBe("password");

  await context.close();
});

test("a refused sign-up puts focus on the field to fix, or back on the button", async () => {
  const { context, page } = await newDevice(browser);
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill("Ada Keyboard");
  await page.getByLabel("Email", { exact: true }).fill(newPerson("keyboard-sign-up").email);
  await page.getByLabel("Password", { exact: true }).fill("password1");

  await pressButton(page, "Create account");
  expect(await textOf(alerts(page))).toBe("Choose a stronger password.");
  await eventually(async () => {
    expect(await focused(page)).toBe("password");
  });

  // A name of spaces is refused for the whole form, with no one field marked.
  await page.getByLabel("Name", { exact: true }).fill("   ");
  await page.getByLabel("Password", { exact: true }).fill(newPerson("keyboard-sign-up").password);
  await pressButton(page, "Create account");
  await eventually(async () => {
    expect(await textOf(alerts(page))).toContain("Name: Enter your name.");
  });
  await eventually(async () => {
    expect(await focused(page)).toBe("Create account");
  });

  await context.close();
});

test("a wrong current password puts focus on that field", async () => {
  const person = newPerson("keyboard-change-password");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto("/change-password");
  await page.getByLabel("Current password", { exact: true }).fill(`${person.password}x`);
  await page.getByLabel("New password", { exact: true }).fill(newPerson("unused").password);

  await pressButton(page, "Change password");
  expect(await textOf(alerts(page))).toContain("Your current password is not correct.");
  await eventually(async () => {
    expect(await focused(page)).toBe("currentPassword");
  });

  await context.close();
});

test("adding an authenticator app by keyboard: focus follows the steps, and a wrong code puts it on the code field", async () => {
  const person = newPerson("keyboard-totp");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto("/security");

  // The button goes away with the view it belonged to; focus goes to the steps that replace it.
  await pressButton(page, "Add authenticator app");
  await page.getByRole("textbox", { name: "Code", exact: true }).waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Scan this QR code/);

  await page.getByRole("textbox", { name: "Code", exact: true }).fill("000000");
  await pressButton(page, "Turn on");
  await eventually(async () => {
    expect(await textOf(alerts(page))).toMatch(/^That code didn't work\./);
  });
  const code = page.getByRole("textbox", { name: "Code", exact: true });
  expect(await code.getAttribute("aria-invalid")).toBe("true");
  await eventually(async () => {
    expect(await focused(page)).toBe("totp-code");
  });

  await context.close();
});

test("a wrong code at two-step sign-in puts focus on the code field", async () => {
  const person = newPerson("keyboard-verify");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto("/security");
  await addAuthenticatorApp(page);
  await signOut(page);

  await signInToVerify(page, person);
  await page.getByLabel("Code", { exact: true }).fill("000000");
  await pressButton(page, "Verify");
  await alerts(page).first().waitFor();
  expect(await page.getByLabel("Code", { exact: true }).getAttribute("aria-invalid")).toBe("true");
  await eventually(async () => {
    expect(await focused(page)).toBe("code");
  });

  await context.close();
});

/** Where focus is: the focused element's tag, and whether it holds the given text. */
function focusedHolds(page: Page, text: string): Promise<{ tag: string; holds: boolean }> {
  return page.evaluate((wanted) => {
    const element = document.activeElement;
    return { tag: element && element !== document.body ? element.tagName : "body", holds: element?.textContent?.includes(wanted) ?? false };
  }, text);
}

test("signing out another device by keyboard keeps focus in the device list", async () => {
  const person = newPerson("keyboard-devices");
  await createConfirmedAccount(browser, person);
  const others = [await newDevice(browser), await newDevice(browser)];
  for (const other of others) await signIn(other.page, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto("/devices");
  const signOutButtons = page.getByRole("button", { name: /^Sign out .+ on / });
  expect(await signOutButtons.count()).toBe(2);

  // The row goes away with its button; focus stays in the list, and Tab reaches the next row's.
  await pressButton(page, /^Sign out .+ on /);
  await eventually(async () => {
    expect(await signOutButtons.count()).toBe(1);
  });
  await eventually(async () => {
    expect(await focusedHolds(page, "Sign out")).toEqual({ tag: "UL", holds: true });
  });
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toMatch(/^Sign out .+ on /);

  // "Sign out everywhere else" goes too; focus goes to the message that replaces it.
  await pressButton(page, "Sign out everywhere else");
  await eventually(async () => {
    expect(await focusedHolds(page, "Signed out 1 other device.")).toEqual({ tag: "FORM", holds: true });
  });

  for (const other of others) await other.context.close();
  await context.close();
});

test("renaming a method by keyboard: focus goes to the name, and back near Rename on Cancel", async () => {
  const person = newPerson("keyboard-rename");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto("/security");
  await addAuthenticatorApp(page);

  await pressButton(page, /^Rename /);
  await eventually(async () => {
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("name");
  });
  await pressButton(page, "Cancel");
  await eventually(async () => {
    expect((await focusedHolds(page, "Rename")).tag).toBe("DIV");
  });
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toMatch(/^Rename /);

  await context.close();
});

test("loading more activity by keyboard puts focus on the first event that came in", async () => {
  const person = newPerson("keyboard-activity");
  await createConfirmedAccount(browser, person);
  // Sign-ins through the API, enough for a second page of activity.
  for (let count = 0; count < 26; count += 1) {
    const answer = await fetch(`${inject("e2e").baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: person.email, password: person.password } }),
    });
    expect(answer.status).toBe(200);
  }
  const { context, page } = await newDevice(browser);
  await signIn(page, person);
  await page.goto("/activity");
  const events = page.locator("main ol > li");
  const firstPage = await events.count();

  await pressButton(page, "Load more");
  await eventually(async () => {
    expect(await events.count()).toBeGreaterThan(firstPage);
  });
  await eventually(async () => {
    expect(await page.evaluate((index) => document.activeElement === document.querySelectorAll("main ol > li")[index], firstPage)).toBe(true);
  });

  await context.close();
});

test("a refused passkey sign-in puts focus back on its button", async () => {
  const person = newPerson("keyboard-passkey");
  await createConfirmedAccount(browser, person);
  const { context, page } = await newDevice(browser);
  await addVirtualAuthenticator(context, page, { resident: true });
  await signIn(page, person);
  await page.goto("/security");
  await (await waitForHydration(page, "Add passkey")).click();
  await saveRecoveryCodes(page);
  // The account forgets the passkey; the authenticator still offers it.
  await page.getByRole("button", { name: /^Remove / }).click();
  await page.getByRole("button", { name: "Remove and turn off two-step verification", exact: true }).click();
  await eventually(async () => {
    expect(await page.getByRole("button", { name: /^Remove / }).count()).toBe(0);
  });
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
  await signOut(page);

  await pressButton(page, "Sign in with a passkey");
  await alerts(page).first().waitFor();
  await eventually(async () => {
    expect(await focused(page)).toBe("Sign in with a passkey");
  });

  await context.close();
});
