import type { RecoveryCodeStyle } from "../generated/prisma/client";
import { recoveryCodeLength } from "./recovery-code-format";

// The .txt a person downloads when their codes are shown (S21). Read months later by someone
// locked out and worried, so it says whose codes these are, from when, and what to do with them.

export type RecoveryCodesTextOptions = {
  /** The product that keeps the account, e.g. "Rekey". */
  serviceName: string;
  /** The organisation whose app the account is for. */
  tenantName: string;
  accountEmail: string;
  createdAt: Date;
  /** Formatted codes (XXXX-XXXX-...), in the order they were shown. */
  codes: string[];
  /** Defaults to what the codes' length says. */
  style?: RecoveryCodeStyle;
};

export type RecoveryCodesFileNameOptions = {
  serviceName: string;
  tenantSlug: string;
  accountEmail: string;
  createdAt: Date;
};

/** A date as the file shows it, in UTC like every time Rekey stores: 2026-11-22. */
function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Names from configuration and addresses stay on their line of the file. */
function oneLine(value: string): string {
  return value.replace(/[\p{Cc}\s]+/gu, " ").trim();
}

function styleOf(codes: string[]): RecoveryCodeStyle {
  return codes.length === 1 && codes[0]!.replace(/-/g, "").length === recoveryCodeLength.key ? "key" : "set";
}

/** The content of the recovery codes download: a short header, one line of instructions, the codes. */
export function recoveryCodesText(options: RecoveryCodesTextOptions): string {
  const { codes, createdAt } = options;
  const serviceName = oneLine(options.serviceName);
  const tenantName = oneLine(options.tenantName);
  const style = options.style ?? styleOf(codes);
  const what = style === "key" ? "recovery key" : "recovery codes";
  const title = tenantName && tenantName !== serviceName ? `${serviceName} ${what} for ${tenantName}` : `${serviceName} ${what}`;
  const instructions =
    style === "key"
      ? "The key works once, then you get a new one. Keep it somewhere safe and offline (printed, or in a password manager); anyone with it and your password can sign in as you."
      : "Each code works once. Keep them somewhere safe and offline (printed, or in a password manager); anyone with them and your password can sign in as you.";
  const width = String(codes.length).length;
  const lines =
    style === "key" ? codes : codes.map((code, index) => `${String(index + 1).padStart(width, " ")}. ${code}`);
  return [title, `Account: ${oneLine(options.accountEmail)}`, `Created: ${isoDate(createdAt)}`, "", instructions, "", ...lines, ""].join("\n");
}

/** Lower-case ASCII letters and digits joined by single dashes; accents dropped, anything else a dash. */
function fileNamePart(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

/**
 * e.g. rekey-recovery-codes-acme-ada-lovelace-2026-11-22.txt: letters, digits and dashes only, so
 * it is safe on every file system and in a Content-Disposition header. A part with nothing left
 * (an address in another script) is left out.
 */
export function recoveryCodesFileName(options: RecoveryCodesFileNameOptions): string {
  const { accountEmail } = options;
  const localPart = accountEmail.includes("@") ? accountEmail.slice(0, accountEmail.lastIndexOf("@")) : accountEmail;
  const parts = [fileNamePart(options.serviceName), "recovery-codes", fileNamePart(options.tenantSlug), fileNamePart(localPart), isoDate(options.createdAt)];
  return `${parts.filter(Boolean).join("-")}.txt`;
}
