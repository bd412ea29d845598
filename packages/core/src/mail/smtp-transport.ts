import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { env } from "../env";
import type { MailTransport, OutgoingMail } from "./mail-transport";

export type CreateSmtpTransportOptions = {
  /** smtp:// or smtps:// URL, credentials included; defaults to SMTP_URL. Never logged. */
  url?: string;
  /** Defaults to MAIL_FROM. */
  from?: string;
};

export function createSmtpTransport(options: CreateSmtpTransportOptions = {}): MailTransport {
  const url = options.url ?? env().SMTP_URL;
  if (!url) throw new Error("SMTP transport needs SMTP_URL");
  const from = options.from ?? env().MAIL_FROM;
  // nodemailer's own defaults wait up to ten minutes on a silent server; the outbox row is locked
  // while a send runs, so a hung server must fail fast and let pg-boss retry with back-off.
  const smtp = new SMTPTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const mailer = nodemailer.createTransport(smtp, { from });
  return {
    async send(message: OutgoingMail) {
      await mailer.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // Bodies are our own templates, but a message must never be able to pull in a local file
        // or fetch a URL on the worker's behalf.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    },
  };
}
