import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb, type Db } from "../../src/db/client";
import { findDevMailbox } from "../../src/outbox/find-dev-mailbox";
import { createTestTenant, enqueueTestMail, resetMail } from "./fixtures";

// env() caches its first read, so the switch is set before anything in this file reads it (every
// test file runs with its own module registry).
let db: Db;

beforeAll(() => {
  vi.stubEnv("REKEY_DEV_MAILBOX", "1");
  db = getDb();
});

afterAll(async () => {
  await closeDb();
  vi.unstubAllEnvs();
});

describe("development mailbox, switched on", () => {
  it("lists the newest messages with their bodies opened", async () => {
    const tenant = await createTestTenant(db);
    const older = resetMail();
    const newer = resetMail();
    const olderId = await enqueueTestMail(db, tenant.id, older);
    const newerId = await enqueueTestMail(db, tenant.id, newer);

    const messages = await findDevMailbox({ db, limit: 200 });
    const ours = messages.filter((message) => message.id === olderId || message.id === newerId);
    expect(ours.map((message) => message.id)).toEqual([newerId, olderId]);
    expect(ours[0]).toMatchObject({ channel: "email", to: newer.to, subject: newer.subject, text: newer.text, html: newer.html, status: "pending" });
    expect(ours[0]!.createdAt).toBeInstanceOf(Date);
  });

  it("honours the limit", async () => {
    const tenant = await createTestTenant(db);
    await enqueueTestMail(db, tenant.id, resetMail());
    await enqueueTestMail(db, tenant.id, resetMail());
    await expect(findDevMailbox({ db, limit: 1 })).resolves.toHaveLength(1);
  });
});
