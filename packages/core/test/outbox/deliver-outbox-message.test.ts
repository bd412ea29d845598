import { findFreePort } from "@rekey/devtools/database";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getPool } from "../../src/db/client";
import { AppError } from "../../src/errors/app-error";
import { createSmtpTransport } from "../../src/mail/smtp-transport";
import { deliverOutboxMessage } from "../../src/outbox/deliver-outbox-message";
import { createTestTenant, enqueueTestMail, resetMail } from "./fixtures";
import { decodeQuotedPrintable, startSmtpTestServer } from "./smtp-test-server";

const db = getDb();
const from = "Rekey <no-reply@rekey.test>";

afterAll(async () => {
  await closeDb();
});

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe("deliverOutboxMessage", () => {
  it("keeps a message pending while the SMTP server is down, then a retry delivers it exactly once", async () => {
    const tenant = await createTestTenant(db);
    const mail = resetMail();
    const messageId = await enqueueTestMail(db, tenant.id, mail);
    const port = await findFreePort();
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from });

    const error = await expectAppError(deliverOutboxMessage({ db, messageId, transport }), "UNAVAILABLE");
    expect(error.message).toContain(messageId);
    await expectAppError(deliverOutboxMessage({ db, messageId, transport }), "UNAVAILABLE");

    const pending = await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } });
    expect(pending.status).toBe("pending");
    expect(pending.attempts).toBe(2);
    expect(pending.lastError).toMatch(/ECONNREFUSED/);
    expect(pending.sentAt).toBeNull();

    const server = await startSmtpTestServer({ port });
    try {
      await expect(deliverOutboxMessage({ db, messageId, transport })).resolves.toEqual({ outcome: "sent" });
      await expect(deliverOutboxMessage({ db, messageId, transport })).resolves.toEqual({ outcome: "skipped", reason: "already-sent" });
      expect(server.received).toHaveLength(1);
      expect(server.received[0]!.to).toEqual([mail.to]);
      expect(decodeQuotedPrintable(server.received[0]!.raw)).toContain(mail.link);
    } finally {
      await server.close();
    }
    const sent = await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } });
    expect(sent.status).toBe("sent");
    expect(sent.sentAt).toBeInstanceOf(Date);
    expect(sent.attempts).toBe(3);
  });

  it("sends a message once when five deliveries of it race", async () => {
    const tenant = await createTestTenant(db);
    const mail = resetMail();
    const messageId = await enqueueTestMail(db, tenant.id, mail);
    const server = await startSmtpTestServer({ acceptDelayMs: 300 });
    try {
      const transport = createSmtpTransport({ url: server.url, from });
      const results = await Promise.all(Array.from({ length: 5 }, () => deliverOutboxMessage({ db, messageId, transport })));
      expect(results.filter((result) => result.outcome === "sent")).toHaveLength(1);
      expect(server.received).toHaveLength(1);
      const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } });
      expect(row.status).toBe("sent");
      expect(row.attempts).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("marks a message failed after the last attempt and never tries it again", async () => {
    const tenant = await createTestTenant(db);
    const messageId = await enqueueTestMail(db, tenant.id, resetMail());
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${await findFreePort()}`, from });

    await expectAppError(deliverOutboxMessage({ db, messageId, transport, maxAttempts: 2 }), "UNAVAILABLE");
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } })).status).toBe("pending");
    await expectAppError(deliverOutboxMessage({ db, messageId, transport, maxAttempts: 2 }), "UNAVAILABLE");
    const failed = await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } });
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBe(2);
    await expect(deliverOutboxMessage({ db, messageId, transport, maxAttempts: 2 })).resolves.toEqual({ outcome: "skipped", reason: "failed" });
  });

  it("does not copy a link into lastError or the thrown error when the server quotes it back", async () => {
    const tenant = await createTestTenant(db);
    const mail = resetMail();
    const messageId = await enqueueTestMail(db, tenant.id, mail);
    // Spam filters reject with the offending URL in the reply; that URL is a live reset link.
    const server = await startSmtpTestServer({
      rejectWith: (raw) => `Message rejected, listed URL ${decodeQuotedPrintable(raw).match(/http:\/\/\S+/)?.[0] ?? ""}`,
    });
    try {
      const transport = createSmtpTransport({ url: server.url, from });
      const error = await expectAppError(deliverOutboxMessage({ db, messageId, transport }), "UNAVAILABLE");
      expect(error.message).toContain("Message rejected");
      expect(error.message).not.toContain(mail.token);
      const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } });
      expect(row.lastError).toContain("Message rejected, listed URL [url]");
      expect(row.lastError).not.toContain(mail.token);
    } finally {
      await server.close();
    }
  });

  it("answers not-found for an unknown message", async () => {
    const transport = createSmtpTransport({ url: "smtp://127.0.0.1:9", from });
    await expect(deliverOutboxMessage({ db, messageId: "msg_missing", transport })).resolves.toEqual({ outcome: "skipped", reason: "not-found" });
  });
});

describe("outbox_message at rest", () => {
  it("holds no plaintext body: a full select finds neither the link nor the text", async () => {
    const tenant = await createTestTenant(db);
    const mail = resetMail();
    const messageId = await enqueueTestMail(db, tenant.id, mail);
    const { rows } = await getPool().query(`SELECT * FROM outbox_message WHERE "tenantId" = $1`, [tenant.id]);
    expect(rows.map((row: { id: string }) => row.id)).toEqual([messageId]);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(mail.token);
    expect(dump).not.toContain("reset-password");
    expect(dump).not.toContain("Someone asked to reset");
    expect(rows[0].sealedBody).toMatch(/^v1\./);
  });
});
