import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getPool } from "../../src/db/client";
import { recordAuditEvent } from "../../src/audit/record-audit-event";
import { startEventWorker, type EventWorker } from "../../src/events/start-event-worker";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { startJobQueue, type JobQueue } from "../../src/outbox/start-job-queue";
import { createWebhookEndpoint } from "../../src/webhooks/create-webhook-endpoint";
import { createWebhookTransport } from "../../src/webhooks/send-webhook-request";
import { createTestTenant } from "../../src/testing";
import { context, localPolicy, signersOf, staffActor, startReceiver, waitFor, type Receiver } from "../webhooks/webhook-fixtures";

// The worker as it runs in production (sequencer on its timer, pg-boss jobs, the real transport),
// on a pg-boss schema of this file's own and scoped to this file's tenant.

const db = getDb();
const schema = `pgboss_events_${randomBytes(4).toString("hex")}`;
const logs: string[] = [];
let queue: JobQueue;
let worker: EventWorker;
let receiver: Receiver;
let tenantId: string;

beforeAll(async () => {
  receiver = await startReceiver();
  tenantId = (await createTestTenant()).id;
  queue = await startJobQueue({ role: "worker", schema, log: (line) => logs.push(line) });
  worker = await startEventWorker({
    queue,
    tenantIds: [tenantId],
    housekeeping: false,
    sequenceIntervalMs: 200,
    pollingIntervalSeconds: 0.5,
    transport: createWebhookTransport(localPolicy),
    log: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await worker.stop();
  await queue.stop({ graceful: false });
  await getPool().query(`DROP SCHEMA "${schema}" CASCADE`);
  await closeJobQueue();
  await receiver.close();
  await closeDb();
});

describe("the event worker", () => {
  it("delivers 100 events written concurrently to 3 endpoints: none lost, none twice, every one signed", { timeout: 90_000 }, async () => {
    const endpoints = await Promise.all(
      ["a", "b", "c"].map((name) =>
        createWebhookEndpoint({ db, tenantId, actor: staffActor("usr_worker_test"), url: `${receiver.url}?endpoint=${name}`, eventTypes: ["account.signed_in"], context, urlPolicy: localPolicy }),
      ),
    );
    const eventIds: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async (_, writer) => {
        for (let index = 0; index < 25; index += 1) {
          const { id } = await db.$transaction((tx) =>
            recordAuditEvent({ db: tx, tenantId, userId: null, actor: { type: "system" }, type: "account.signed_in", context, data: { writer, index } }),
          );
          eventIds.push(id);
        }
      }),
    );

    await waitFor(async () => receiver.received.length >= 300, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}: ${receiver.received.length} of 300 arrived; worker said: ${logs.slice(-5).join(" | ")}`);
    });
    // A moment more for anything that would arrive twice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.received).toHaveLength(300);
    for (const [index, name] of ["a", "b", "c"].entries()) {
      const mine = receiver.received.filter((webhook) => webhook.path.endsWith(`endpoint=${name}`));
      const ids = mine.map((webhook) => String(webhook.headers["webhook-id"]));
      expect(new Set(ids).size).toBe(100);
      expect(new Set(ids)).toEqual(new Set(eventIds));
      expect(mine.every((webhook) => signersOf(webhook, [endpoints[index]!.secret]).length === 1)).toBe(true);
    }
    const statuses = await db.webhookDelivery.groupBy({ by: ["status"], where: { tenantId }, _count: true });
    expect(statuses).toEqual([{ status: "delivered", _count: 300 }]);
    const sequences = (await db.auditEvent.findMany({ where: { tenantId }, select: { sequence: true }, orderBy: { sequence: "asc" } })).map((row) => Number(row.sequence));
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
  });

  it("logs a failing receiver by ids and status only: never the secret, the receiver's body or a token in its URL (S3)", { timeout: 60_000 }, async () => {
    const failing = await startReceiver();
    failing.answer(500, "stack trace with leak-me-body");
    try {
      const { endpoint, secret } = await createWebhookEndpoint({
        db,
        tenantId,
        actor: staffActor("usr_worker_test"),
        url: `${failing.url}?token=leak-me-token`,
        eventTypes: ["factor.removed"],
        context,
        urlPolicy: localPolicy,
      });
      await recordAuditEvent({ db, tenantId, userId: null, actor: { type: "system" }, type: "factor.removed", context });
      await waitFor(async () => logs.some((line) => line.includes("attempt 1 failed (HTTP 500)")));
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
      const { rows } = await getPool().query(`SELECT data::text FROM "${schema}".job WHERE name = 'webhook.deliver'`);
      const recorded = [...logs, JSON.stringify(delivery), JSON.stringify(rows)].join("\n");
      for (const secretText of [secret.slice(6), "leak-me-body", "leak-me-token"]) expect(recorded).not.toContain(secretText);
      await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { deletedAt: new Date() } });
    } finally {
      await failing.close();
    }
  });
});
