import { randomBytes } from "node:crypto";
import { findFreePort } from "@rekey/devtools/database";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getPool } from "../../src/db/client";
import { createSmtpTransport } from "../../src/mail/smtp-transport";
import { dispatchOutbox } from "../../src/outbox/dispatch-outbox";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { outboxJobId } from "../../src/outbox/outbox-job-id";
import { outboxDeliverQueue } from "../../src/outbox/outbox-jobs";
import { startJobQueue, type JobQueue } from "../../src/outbox/start-job-queue";
import { startOutboxWorker, type OutboxWorker } from "../../src/outbox/start-outbox-worker";
import { sweepOutbox } from "../../src/outbox/sweep-outbox";
import { createTestTenant, enqueueTestMail, resetMail } from "./fixtures";
import { decodeQuotedPrintable, startSmtpTestServer, waitFor, type SmtpTestServer } from "./smtp-test-server";

const db = getDb();
const logs: string[] = [];
const log = (line: string) => logs.push(line);
// A pg-boss schema of this file's own: other test files dispatch jobs into the default one (every
// withNotifications call does), and this file's worker must neither take theirs nor lose its own.
const schema = `pgboss_outbox_${randomBytes(4).toString("hex")}`;
let queue: JobQueue;
let server: SmtpTestServer;
let worker: OutboxWorker;

beforeAll(async () => {
  server = await startSmtpTestServer();
  queue = await startJobQueue({ role: "worker", schema, log });
  worker = await startOutboxWorker({
    transport: createSmtpTransport({ url: server.url, from: "Rekey <no-reply@rekey.test>" }),
    queue,
    pollingIntervalSeconds: 0.5,
    // The other test files' pending messages share this database; a sweep would queue up to 500
    // of them ahead of this file's own. The sweep tests below call sweepOutbox themselves.
    sweep: false,
    log,
  });
});

afterAll(async () => {
  await worker.stop();
  await queue.stop({ graceful: false });
  await getPool().query(`DROP SCHEMA "${schema}" CASCADE`);
  await closeJobQueue();
  await server.close();
  await closeDb();
});

// The sweep tests backdate their messages by a day and sweep what is older than an hour: every
// other pending message in this database is younger (this run's other test files), so the sweep
// sends only this file's, as a real sweep's default (a minute) would on a database of its own.
const sweepAge = 60 * 60;
const dayAgo = () => new Date(Date.now() - 24 * 60 * 60 * 1000);

function mailsTo(to: string) {
  return server.received.filter((mail) => mail.to.includes(to));
}

async function waitUntilSent(messageId: string) {
  return waitFor(async () => {
    const row = await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } });
    return row.status === "sent" ? row : undefined;
  });
}

describe("outbox worker", () => {
  it("delivers a mail written in a transaction to the SMTP server, link intact", async () => {
    const tenant = await createTestTenant(db);
    const mail = resetMail();
    const messageId = await enqueueTestMail(db, tenant.id, mail);

    await expect(dispatchOutbox({ messageIds: [messageId], queue, log })).resolves.toEqual({ queued: [messageId], notQueued: [] });

    const row = await waitUntilSent(messageId);
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.attempts).toBe(1);
    const received = mailsTo(mail.to);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([mail.to]);
    expect(received[0]!.from).toBe("no-reply@rekey.test");
    const decoded = decodeQuotedPrintable(received[0]!.raw);
    expect(decoded).toMatch(new RegExp(`^Subject: ${mail.subject}\\r?$`, "m"));
    expect(decoded).toContain(mail.link);
    expect(decoded).toContain(`href="${mail.link}"`);
  });

  it("queues one job per message however often it is dispatched, and sends once", async () => {
    const tenant = await createTestTenant(db);
    const mail = resetMail();
    const messageId = await enqueueTestMail(db, tenant.id, mail);

    await Promise.all([1, 2, 3].map(() => dispatchOutbox({ messageIds: [messageId], queue, log })));
    await waitUntilSent(messageId);
    await dispatchOutbox({ messageIds: [messageId], queue, log });

    const jobs = await getPool().query(`SELECT id FROM "${schema}".job WHERE name = $1 AND singleton_key = $2`, [outboxDeliverQueue, messageId]);
    expect(jobs.rows.map((job: { id: string }) => job.id)).toEqual([outboxJobId(messageId)]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mailsTo(mail.to)).toHaveLength(1);
  });

  it("the sweep re-dispatches a message stranded between commit and dispatch, and leaves fresh ones alone", async () => {
    const tenant = await createTestTenant(db);
    const stranded = resetMail();
    const strandedId = await enqueueTestMail(db, tenant.id, stranded);
    // As if the web process died right after commit, a day ago.
    await db.outboxMessage.update({ where: { id: strandedId }, data: { createdAt: dayAgo() } });
    const freshId = await enqueueTestMail(db, tenant.id, resetMail());

    const result = await sweepOutbox({ db, queue, olderThanSeconds: sweepAge, log });
    expect(result.queued).toContain(strandedId);
    expect(result.queued).not.toContain(freshId);

    await waitUntilSent(strandedId);
    expect(mailsTo(stranded.to)).toHaveLength(1);
    expect(decodeQuotedPrintable(mailsTo(stranded.to)[0]!.raw)).toContain(stranded.link);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: freshId } })).status).toBe("pending");
  });

  it("a worker that starts sends what was stranded while none ran, without waiting for its clock", async () => {
    const tenant = await createTestTenant(db);
    const stranded = resetMail();
    const strandedId = await enqueueTestMail(db, tenant.id, stranded);
    await db.outboxMessage.update({ where: { id: strandedId }, data: { createdAt: dayAgo() } });

    // A second worker with a queue of its own whose clock would first sweep next New Year.
    const ownSchema = `pgboss_startup_${randomBytes(4).toString("hex")}`;
    const ownQueue = await startJobQueue({ role: "worker", schema: ownSchema, log });
    const starting = await startOutboxWorker({
      transport: createSmtpTransport({ url: server.url, from: "Rekey <no-reply@rekey.test>" }),
      queue: ownQueue,
      pollingIntervalSeconds: 0.5,
      sweepCron: "0 0 1 1 *",
      sweepAfterSeconds: sweepAge,
      log,
    });
    try {
      await waitUntilSent(strandedId);
      expect(mailsTo(stranded.to)).toHaveLength(1);
      const jobs = await getPool().query(`SELECT id FROM "${ownSchema}".job WHERE singleton_key = $1`, [strandedId]);
      expect(jobs.rows).toEqual([{ id: outboxJobId(strandedId) }]);
    } finally {
      await starting.stop();
      await ownQueue.stop({ graceful: false });
      await getPool().query(`DROP SCHEMA "${ownSchema}" CASCADE`);
    }
  });

  it("a dispatch that cannot reach pg-boss does not throw, logs ids only, and the sweep delivers later", async () => {
    const tenant = await createTestTenant(db);
    const mail = resetMail();
    const messageId = await enqueueTestMail(db, tenant.id, mail);
    const lines: string[] = [];

    const deadPool = new pg.Pool({ connectionString: `postgres://rekey:rekey@127.0.0.1:${await findFreePort()}/rekey` });
    const unreachable = startJobQueue({ role: "publisher", pool: deadPool, log: (line) => lines.push(line) });
    const result = await dispatchOutbox({ messageIds: [messageId], queue: unreachable, log: (line) => lines.push(line) });
    await deadPool.end();

    expect(result).toEqual({ queued: [], notQueued: [messageId] });
    expect(lines.join("\n")).toContain(messageId);
    expect(lines.join("\n")).not.toContain(mail.token);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: messageId } })).status).toBe("pending");

    await db.outboxMessage.update({ where: { id: messageId }, data: { createdAt: dayAgo() } });
    await sweepOutbox({ db, queue, olderThanSeconds: sweepAge, log });
    await waitUntilSent(messageId);
    expect(mailsTo(mail.to)).toHaveLength(1);
  });

  it("the web process's shared publisher queues into pg-boss's default schema", async () => {
    const tenant = await createTestTenant(db);
    const messageId = await enqueueTestMail(db, tenant.id, resetMail());
    await expect(dispatchOutbox({ messageIds: [messageId], log })).resolves.toEqual({ queued: [messageId], notQueued: [] });
    const jobs = await getPool().query(`SELECT id, data FROM pgboss.job WHERE name = $1 AND singleton_key = $2`, [outboxDeliverQueue, messageId]);
    expect(jobs.rows).toEqual([{ id: outboxJobId(messageId), data: { messageId } }]);
  });

  it("a dispatch that pg-boss never answers gives up after its timeout", async () => {
    const lines: string[] = [];
    const started = Date.now();
    const result = await dispatchOutbox({ messageIds: ["msg_hanging"], queue: new Promise(() => {}), timeoutMs: 200, log: (line) => lines.push(line) });
    expect(result).toEqual({ queued: [], notQueued: ["msg_hanging"] });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines).toHaveLength(1);
  });

  it("leaves no plaintext body in pg-boss's tables", async () => {
    const tenant = await createTestTenant(db);
    const mail = resetMail();
    const messageId = await enqueueTestMail(db, tenant.id, mail);
    await dispatchOutbox({ messageIds: [messageId], queue, log });
    await waitUntilSent(messageId);
    const { rows } = await getPool().query(
      `SELECT data::text AS data, output::text AS output FROM "${schema}".job WHERE singleton_key = $1
       UNION ALL SELECT data::text, output::text FROM "${schema}".archive WHERE singleton_key = $1`,
      [messageId],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(mail.token);
  });

  it("starts pg-boss idempotently when several processes start it at once on a fresh schema", async () => {
    const schema = `pgboss_test_${randomBytes(4).toString("hex")}`;
    const queues = await Promise.all([1, 2, 3].map(() => startJobQueue({ role: "publisher", schema, log })));
    const again = await startJobQueue({ role: "publisher", schema, log });
    try {
      expect(await again.getQueue(outboxDeliverQueue)).toMatchObject({ name: outboxDeliverQueue, retryLimit: 10, retryBackoff: true });
    } finally {
      for (const queue of [...queues, again]) await queue.stop({ graceful: false });
      await getPool().query(`DROP SCHEMA "${schema}" CASCADE`);
    }
    // A failed concurrent create must not leave a pooled connection inside an aborted transaction.
    await expect(db.tenant.count()).resolves.toBeGreaterThan(0);
  });
});
