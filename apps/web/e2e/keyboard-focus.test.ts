// A keyboard user submits with the button. The button is disabled while the form is sent, and a
// disabled button loses focus to <body>: the next Tab would start past the form. Once a refusal is
// shown, focus is on the first field it marked invalid, or back on the button.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, eventually, launchBrowser, newDevice, textOf } from "./support/browser";
import { createConfirmedAccount, newPerson, signIn, signInToVerify, signOut } from "./support/people";
import { addAuthenticatorApp } from "./support/second-factors";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Tabs to the button and presses Enter on it, as a keyboard user does, once React has hydrated it. */
async function pressButton(page: Page, name: string) {
  const button = page.getByRole("button", { name, exact: true });
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
