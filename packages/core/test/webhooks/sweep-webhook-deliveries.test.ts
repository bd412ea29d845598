import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getPool } from "../../src/db/client";
import { minutes } from "../../src/clock";
import { sequenceEvents } from "../../src/events/sequence-events";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { startJobQueue, type JobQueue } from "../../src/outbox/start-job-queue";
import { createWebhookEndpoint } from "../../src/webhooks/create-webhook-endpoint";
import { deliverWebhook } from "../../src/webhooks/deliver-webhook";
import { createWebhookTransport } from "../../src/webhooks/send-webhook-request";
import { sweepWebhookDeliveries } from "../../src/webhooks/sweep-webhook-deliveries";
import { webhookJobId } from "../../src/webhooks/webhook-jobs";
import { createTestTenant } from "../../src/testing";
import { context, localPolicy, movableClock, staffActor, startReceiver, writeEvents, type Receiver } from "./webhook-fixtures";

// A queue of this file's own with no worker on it: the test reads the jobs the sweep leaves there.
const db = getDb();
const schema = `pgboss_sweep_${randomBytes(4).toString("hex")}`;
let queue: JobQueue;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  queue = await startJobQueue({ role: "publisher", schema, log: () => {} });
});
afterAll(async () => {
  await queue.stop({ graceful: false });
  await getPool().query(`DROP SCHEMA "${schema}" CASCADE`);
  await closeJobQueue();
  await receiver.close();
  await closeDb();
});

async function jobsFor(deliveryId: string) {
  const { rows } = await getPool().query<{ id: string }>(`SELECT id FROM "${schema}".job WHERE name = 'webhook.deliver' AND data->>'deliveryId' = $1`, [deliveryId]);
  return rows.map((row) => row.id);
}

describe("the webhook sweep", () => {
  it("queues an attempt whose job was lost after commit, once however often it runs, and again after a worker died mid-attempt", async () => {
    const clock = movableClock();
    const tenant = await createTestTenant();
    const { endpoint } = await createWebhookEndpoint({ db, tenantId: tenant.id, actor: staffActor("usr_sweep"), url: receiver.url, eventTypes: ["account.signed_in"], context, clock, urlPolicy: localPolicy });
    await writeEvents(tenant.id, 1);
    // dispatch: false is the crash between the sequencer's commit and its enqueue.
    await sequenceEvents({ db, tenantIds: [tenant.id], dispatch: false, clock });
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(await jobsFor(delivery.id)).toEqual([]);

    // Young attempts are left to their own job.
    await sweepWebhookDeliveries({ db, queue, clock });
    expect(await jobsFor(delivery.id)).toEqual([]);
    clock.advance(minutes(2));
    await sweepWebhookDeliveries({ db, queue, clock });
    await sweepWebhookDeliveries({ db, queue, clock });
    expect(await jobsFor(delivery.id)).toEqual([webhookJobId(delivery.id, delivery.nextAttemptAt!)]);

    // A worker claims the attempt and dies before recording it: the hung receiver stands in for
    // the crash (the claim is committed; the result never is).
    receiver.hang();
    const claimed = deliverWebhook({ db, deliveryId: delivery.id, transport: createWebhookTransport(localPolicy), clock, dispatch: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lease = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(lease.attempts).toBe(1);
    clock.advance(minutes(4));
    await sweepWebhookDeliveries({ db, queue, clock });
    expect((await jobsFor(delivery.id)).sort()).toEqual([webhookJobId(delivery.id, delivery.nextAttemptAt!), webhookJobId(delivery.id, lease.nextAttemptAt!)].sort());
    // Dropping the hung connection ends the stand-in crash without waiting out the 10 s timeout.
    await receiver.close();
    await claimed.catch(() => undefined);
  });
});
