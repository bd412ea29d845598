import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { AppError } from "../../src/errors/app-error";
import { createMailTransport } from "../../src/mail/create-mail-transport";
import { createDevMailboxTransport } from "../../src/mail/dev-mailbox-transport";
import { findDevMailbox } from "../../src/outbox/find-dev-mailbox";
import { resetMail } from "./fixtures";

// REKEY_DEV_MAILBOX is unset in the test environment: the switch is off, as in production.
const db = getDb();

afterAll(async () => {
  await closeDb();
});

describe("development mailbox", () => {
  it("refuses to open message bodies while REKEY_DEV_MAILBOX is off", async () => {
    const error = await findDevMailbox({ db, limit: 10 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("FORBIDDEN");
  });

  it("the dev transport logs recipient and subject, never the body or its link", async () => {
    const lines: string[] = [];
    const mail = resetMail();
    await createDevMailboxTransport({ log: (line) => lines.push(line) }).send(mail);
    expect(lines).toEqual([`mail to ${mail.to}: ${mail.subject} (see /dev/mail)`]);
  });

  it("is chosen only without SMTP_URL, and never in production", async () => {
    const lines: string[] = [];
    const devTransport = createMailTransport({ config: { SMTP_URL: undefined, MAIL_FROM: "x@y.test", NODE_ENV: "development" }, log: (line) => lines.push(line) });
    await devTransport.send(resetMail());
    expect(lines).toHaveLength(1);
    expect(() => createMailTransport({ config: { SMTP_URL: undefined, MAIL_FROM: "x@y.test", NODE_ENV: "production" } })).toThrow(/SMTP_URL is required/);
  });
});
