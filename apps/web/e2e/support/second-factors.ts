// Second factors from the outside: TOTP codes from oathtool (an implementation independent of the
// one the app uses) and WebAuthn through Chromium's virtual authenticator.
import { execFileSync } from "node:child_process";
import type { BrowserContext, Page } from "playwright-core";
import { statuses, textOf, waitForHydration } from "./browser";

/**
 * The current TOTP code for a key shown in groups ("ABCD EFGH ..."), computed by oathtool.
 * `stepsAhead: 1` is the code of the next 30-second step, as a phone whose clock runs a little
 * ahead shows it: the server accepts T+1 (S13), so a test need not wait for a fresh step.
 */
export function totpCode(key: string, { stepsAhead = 0 }: { stepsAhead?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000) + stepsAhead * 30;
  return execFileSync("oathtool", ["--totp", "-b", `--now=@${now}`, key.replace(/\s+/g, "")], { encoding: "utf8" }).trim();
}

/** Waits for the next 30-second TOTP step, so the next code differs from the last one used. */
export async function nextTotpStep(): Promise<void> {
  const step = Math.floor(Date.now() / 30_000);
  const wait = (step + 1) * 30_000 - Date.now() + 250;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * An authenticator that always consents, with user verification: real attestations and
 * assertions, so the server's verification runs for real. `resident`: a platform authenticator
 * holding passkeys; otherwise a USB security key. One per page: a second credential for the same
 * account on one authenticator is refused by the browser (the api lists it in excludeCredentials).
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page, { resident }: { resident: boolean }) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: resident ? "internal" : "usb",
      hasResidentKey: resident,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    async credentials() {
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      return credentials;
    },
  };
}

/** The recovery codes a page shows right now (set-up, new set, or "Generate new codes"). */
export async function shownRecoveryCodes(page: Page): Promise<string[]> {
  const list = page.getByRole("list", { name: /^Your recovery (codes|key)$/ });
  await list.waitFor();
  return (await list.locator("[data-recovery-code]").allInnerTexts()).map((code) => code.trim());
}

/**
 * Turning on the account's first method ends on the recovery codes page (S21): types one of the
 * codes shown back, and waits for the security page to say two-step verification is on.
 * Answers the codes.
 */
export async function saveRecoveryCodes(page: Page): Promise<string[]> {
  await page.waitForURL((url) => url.pathname.endsWith("/recovery-codes/setup"));
  const codes = await shownRecoveryCodes(page);
  await page.getByLabel(/^Type (one of your codes|your recovery key) to confirm you saved (them|it)$/).fill(codes[0] ?? "");
  await page.getByRole("button", { name: "Turn on two-step verification", exact: true }).click();
  await page.waitForURL((url) => url.pathname.endsWith("/security"));
  await statuses(page).filter({ hasText: "Two-step verification is on." }).waitFor();
  return codes;
}

/**
 * Adds an authenticator app on the security page (the page is open) and answers its key. As the
 * account's first method it is on only once the recovery codes are saved, which this does too.
 */
export async function addAuthenticatorApp(page: Page): Promise<string> {
  await (await waitForHydration(page, "Add authenticator app")).click();
  const key = await textOf(page.getByTestId("totp-secret"));
  await page.getByLabel("Code", { exact: true }).fill(totpCode(key));
  await page.getByRole("button", { name: "Turn on", exact: true }).click();
  const outcome = await Promise.race([
    page.waitForURL((url) => url.pathname.endsWith("/recovery-codes/setup")).then(() => "codes" as const),
    statuses(page).filter({ hasText: "Your authenticator app is on." }).waitFor().then(() => "on" as const),
  ]);
  if (outcome === "codes") await saveRecoveryCodes(page);
  return key;
}
