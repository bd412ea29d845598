// Pages opened from emailed links carry their token in the URL fragment; the pages themselves are
// served with `Referrer-Policy: no-referrer` so not even their address leaks to another site.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { alerts, eventually, launchBrowser, newDevice, statuses, textOf, waitForHydration } from "./support/browser";
import { mailTo, tokenLink, waitForMail } from "./support/mailbox";
import { newPerson, signUp } from "./support/people";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test.each([
  "/reset-password",
  "/verify-email",
  "/confirm-email",
  "/t/demo/reset-password",
  "/t/demo/verify-email",
  "/t/demo/confirm-email",
  "/not-me",
  "/t/demo/not-me",
  "/recovery/support/status",
  "/recovery/support/complete",
  "/t/demo/recovery/support/status",
  "/t/demo/recovery/support/complete",
])(
  "%s is served with Referrer-Policy: no-referrer",
  async (path) => {
    const { context, page } = await newDevice(browser);
    const response = await page.goto(`${path}#token=not-a-real-token-but-long-enough`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await context.close();
  },
);

test("other pages keep same-origin", async () => {
  const { context, page } = await newDevice(browser);
  const response = await page.goto("/sign-in");
  expect(response?.headers()["referrer-policy"]).toBe("same-origin");
  await context.close();
});

test("a reset page opened without its token says the link is incomplete", async () => {
  const { context, page } = await newDevice(browser);
  await page.goto("/reset-password");
  await alerts(page).filter({ hasText: "This link is incomplete." }).waitFor();
  await context.close();
});

test("a fresh link opened in the tab that shows a used one is read, not answered with the old link's error", async () => {
  const person = newPerson("fresh-link-same-tab");
  const { context, page } = await newDevice(browser);
  await signUp(page, person);
  const stale = tokenLink(await waitForMail(person.email, /^Confirm your email for /));

  // The first mail is slow to come, so the person asks for another; the first link stops working.
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByRole("button", { name: "Send a new link" }).click();
  await statuses(page).filter({ hasText: "Sent." }).waitFor();
  await eventually(() => expect(mailTo(person.email)).toHaveLength(2));
  const fresh = tokenLink(mailTo(person.email)[1]!);
  expect(fresh.href).not.toBe(stale.href);

  await page.goto(stale.href);
  await alerts(page).filter({ hasText: "This link has expired or was already used." }).waitFor();
  // Pasting the new link over the old one changes only the fragment of the address.
  await page.goto(fresh.href);
  expect(await textOf(statuses(page).filter({ hasText: "Your email address is confirmed." }))).toContain(person.email);
  await context.close();
});

test.each([
  ["/verify-email#token=short", "This link is incomplete."],
  ["/verify-email#token=%%%", "This link is incomplete."],
  [`/t/demo/confirm-email#token=${"a".repeat(300)}`, "This link is not valid."],
])("a link cut short or mangled (%s) is named as a bad link, not as a form to check, and is not kept for the next visit", async (path, message) => {
  const { context, page } = await newDevice(browser);
  await page.goto(path);
  expect(await textOf(alerts(page))).toContain(message);
  expect(await alerts(page).innerText()).not.toContain("Please check what you entered.");
  const bare = path.slice(0, path.indexOf("#"));
  await page.goto(bare);
  await alerts(page).filter({ hasText: "Open the link from the email again." }).waitFor();
  await context.close();
});

test("the form that sends a new confirmation link keeps the address typed into it, after sending and after a refusal", async () => {
  const person = newPerson("resend-keeps");
  const { context, page } = await newDevice(browser);
  await signUp(page, person);
  const field = page.getByLabel("Email", { exact: true });
  await waitForHydration(page, "Send a new link");

  await field.fill(person.email);
  await page.getByRole("button", { name: "Send a new link" }).click();
  await statuses(page).filter({ hasText: "Sent." }).waitFor();
  expect(await field.inputValue()).toBe(person.email);

  // An address the browser takes but the api refuses: the person corrects it, not types it again.
  await field.fill("resend-keeps@localhost");
  await page.getByRole("button", { name: "Send a new link" }).click();
  const refusal = await textOf(alerts(page));
  expect(await field.inputValue()).toBe("resend-keeps@localhost");
  expect(refusal).toContain("Please check what you entered.");
  await context.close();
});
