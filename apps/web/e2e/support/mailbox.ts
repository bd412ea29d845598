// Reads what the run's SMTP server received (e2e/support/smtp-sink.ts writes it).
import { readFileSync } from "node:fs";
import { inject, vi } from "vitest";
import "./context";
import type { ReceivedMail } from "./smtp-sink";

export function readAllMail(): ReceivedMail[] {
  return readFileSync(inject("e2e").mailFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ReceivedMail);
}

export function mailTo(address: string): ReceivedMail[] {
  const wanted = address.toLowerCase();
  return readAllMail().filter((mail) => mail.recipients.includes(wanted));
}

/**
 * The newest message to `address` whose subject matches, once it has arrived. The outbox worker
 * polls every two seconds, so this waits for a while before giving up.
 */
export async function waitForMail(address: string, subject: RegExp, timeout = 30_000): Promise<ReceivedMail> {
  return vi.waitFor(
    () => {
      const found = mailTo(address).filter((mail) => subject.test(mail.subject));
      const newest = found.at(-1);
      if (!newest) {
        const seen = mailTo(address).map((mail) => `"${mail.subject}"`);
        throw new Error(`No mail to ${address} with a subject like ${subject} (received: ${seen.join(", ") || "nothing"})`);
      }
      return newest;
    },
    { timeout, interval: 250 },
  );
}

const tokenLinkPattern = /https?:\/\/[^\s<>"']+#token=[^\s<>"']+/g;

/** Every link in the message's text that carries a token in its fragment. */
export function tokenLinks(mail: ReceivedMail): URL[] {
  return [...mail.text.matchAll(tokenLinkPattern)].map((match) => new URL(match[0]));
}

/** The one token link of a message (verification, reset, email change). */
export function tokenLink(mail: ReceivedMail): URL {
  const links = tokenLinks(mail);
  if (links.length !== 1) throw new Error(`Expected one link with a token in "${mail.subject}", found ${links.length}`);
  return links[0] as URL;
}

export function tokenOf(link: URL): string {
  return new URLSearchParams(link.hash.slice(1)).get("token") ?? "";
}
