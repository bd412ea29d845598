import { env, type Env } from "../env";
import { createDevMailboxTransport } from "./dev-mailbox-transport";
import type { MailTransport } from "./mail-transport";
import { createSmtpTransport } from "./smtp-transport";

export type CreateMailTransportOptions = {
  /** Defaults to env(); tests pass their own so they need not touch the cached configuration. */
  config?: Pick<Env, "SMTP_URL" | "MAIL_FROM" | "NODE_ENV">;
  log?: (line: string) => void;
};

/** SMTP when SMTP_URL is set, otherwise the development mailbox. */
export function createMailTransport(options: CreateMailTransportOptions = {}): MailTransport {
  const config = options.config ?? env();
  if (config.SMTP_URL) return createSmtpTransport({ url: config.SMTP_URL, from: config.MAIL_FROM });
  // Without this, a production worker missing SMTP_URL would mark every reset and security mail
  // "sent" while nobody receives it.
  if (config.NODE_ENV === "production") throw new Error("Invalid configuration: SMTP_URL is required in production");
  return createDevMailboxTransport({ log: options.log });
}
