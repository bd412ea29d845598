import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { hours, minutes } from "../../src/clock";
import { sequenceEvents } from "../../src/events/sequence-events";
import { findSecurityEvents } from "../../src/events/find-security-events";
import { createWebhookEndpoint } from "../../src/webhooks/create-webhook-endpoint";
import { deliverWebhook, webhookDisableAfterFailures, webhookMaxAttempts } from "../../src/webhooks/deliver-webhook";
import { rotateWebhookSecret } from "../../src/webhooks/rotate-webhook-secret";
import { redeliverWebhook } from "../../src/webhooks/redeliver-webhook";
import { updateWebhookEndpoint } from "../../src/webhooks/update-webhook-endpoint";
import { deleteWebhookEndpoint } from "../../src/webhooks/delete-webhook-endpoint";
import { createWebhookTransport } from "../../src/webhooks/send-webhook-request";
import { createTestTenant, findMessagesTo } from "../../src/testing";
import { context, localPolicy, makeAdmin, movableClock, signersOf, staffActor, startReceiver, writeEvents, type Receiver } from "./webhook-fixtures";

const db = getDb();
const transport = createWebhookTransport(localPolicy);
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await closeDb();
});
beforeEach(() => receiver.answer(204));

async function setUp(options: { eventTypes?: string[]; clock?: ReturnType<typeof movableClock> } = {}) {
  const clock = options.clock ?? movableClock();
  const tenant = await createTestTenant();
  const admin = await makeAdmin(tenant.id);
  const { endpoint, secret } = await createWebhookEndpoint({
    db,
    tenantId: tenant.id,
    actor: staffActor(admin.userId),
    url: receiver.url,
    eventTypes: options.eventTypes ?? ["account.signed_in"],
    context,
    clock,
    urlPolicy: localPolicy,
  });
  const sequence = () => sequenceEvents({ db, tenantIds: [tenant.id], dispatch: false, clock });
  const deliver = (deliveryId: string) => deliverWebhook({ db, deliveryId, transport, clock, dispatch: false });
  /** Writes events, numbers them, and returns their deliveries to this endpoint. */
  const newDeliveries = async (count = 1) => {
    const eventIds = await writeEvents(tenant.id, count);
    await sequence();
    const rows = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id, eventId: { in: eventIds } } });
    return eventIds.map((eventId) => rows.find((row) => row.eventId === eventId)!);
  };
  return { tenant, admin, endpoint, secret, clock, sequence, deliver, newDeliveries };
}

function receivedFor(eventId: string) {
  return receiver.received.filter((webhook) => webhook.headers["webhook-id"] === eventId);
}

describe("webhook delivery", () => {
  it("posts a signed event to a real receiver: the reference library verifies it, webhook-id is the event id, the body is the feed's event", async () => {
    const { tenant, secret, deliver, newDeliveries } = await setUp({ clock: movableClock() });
    const [delivery] = await newDeliveries();
    expect(await deliver(delivery!.id)).toMatchObject({ outcome: "delivered", statusCode: 204, attempt: 1 });

    const [webhook] = receivedFor(delivery!.eventId);
    expect(webhook).toBeDefined();
    expect(signersOf(webhook!, [secret])).toEqual([secret]);
    expect(webhook!.headers["content-type"]).toBe("application/json");
    const payload = JSON.parse(webhook!.body);
    const [event] = (await findSecurityEvents({ db, tenantId: tenant.id, types: ["account.signed_in"] })).events;
    expect(payload).toEqual({
      type: "account.signed_in",
      timestamp: event!.occurredAt.toISOString(),
      data: { tenantId: tenant.id, ...JSON.parse(JSON.stringify(event)) },
    });
    expect(payload.data.id).toBe(delivery!.eventId);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null });
  });

  it("retries on the schedule 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h with the same webhook-id, never before an attempt is due", async () => {
    const { deliver, newDeliveries, clock } = await setUp();
    receiver.answer(503);
    const [delivery] = await newDeliveries();
    const waits = [5_000, minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)];
    for (const [index, wait] of waits.entries()) {
      const result = await deliver(delivery!.id);
      expect(result).toMatchObject({ outcome: "retrying", attempt: index + 1, lastStatusCode: 503 });
      expect(result.outcome === "retrying" && result.nextAttemptAt.getTime()).toBe(clock.now().getTime() + wait);
      clock.advance(wait - 1);
      expect(await deliver(delivery!.id)).toEqual({ outcome: "skipped", reason: "not-due" });
      clock.advance(1);
    }
    expect(await deliver(delivery!.id)).toMatchObject({ outcome: "failed", attempt: webhookMaxAttempts, endpointDisabled: false });
    expect(await deliver(delivery!.id)).toEqual({ outcome: "skipped", reason: "finished" });
    const webhooks = receivedFor(delivery!.eventId);
    expect(webhooks).toHaveLength(webhookMaxAttempts);
    expect(new Set(webhooks.map((webhook) => webhook.headers["webhook-id"]))).toEqual(new Set([delivery!.eventId]));
  });

  it("keeps the receiver's status and a short reason, never its body or our secret", async () => {
    const { secret, deliver, newDeliveries } = await setUp();
    receiver.answer(500, "internal error: token=SHOULD-NOT-BE-STORED");
    const [delivery] = await newDeliveries();
    await deliver(delivery!.id);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery!.id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    const endpointRow = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: row.endpointId }, omit: { sealedSecret: false } });
    const stored = JSON.stringify([row, endpointRow]);
    expect(stored).not.toContain("SHOULD-NOT-BE-STORED");
    expect(stored).not.toContain(secret.slice(6));
  });

  it("records a receiver that refuses the connection as no status and the error's reason", async () => {
    const { deliver, newDeliveries, endpoint } = await setUp();
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: "http://127.0.0.1:9/closed" } });
    const [delivery] = await newDeliveries();
    expect(await deliver(delivery!.id)).toMatchObject({ outcome: "retrying", lastStatusCode: null, lastError: expect.stringContaining("ECONNREFUSED") });
  });

  it("sends an attempt once when two workers hold the same job at the same moment", async () => {
    const { deliver, newDeliveries } = await setUp();
    const [delivery] = await newDeliveries();
    const results = await Promise.all(Array.from({ length: 6 }, () => deliver(delivery!.id)));
    expect(results.filter((result) => result.outcome === "delivered")).toHaveLength(1);
    expect(receivedFor(delivery!.eventId)).toHaveLength(1);
  });

  it(`turns an endpoint off after ${webhookDisableAfterFailures} deliveries in a row run out of attempts, audits it, mails every admin, and gives it no new events`, async () => {
    const { tenant, admin, endpoint, deliver, newDeliveries, clock } = await setUp();
    const secondAdmin = await makeAdmin(tenant.id);
    receiver.answer(500);
    const deliveries = await newDeliveries(webhookDisableAfterFailures);
    const outcomes: unknown[] = [];
    for (let attempt = 1; attempt <= webhookMaxAttempts; attempt += 1) {
      for (const delivery of deliveries) outcomes.push(await deliver(delivery.id));
      clock.advance(hours(10));
    }
    const last = outcomes.slice(-webhookDisableAfterFailures);
    expect(last.slice(0, -1).every((result) => (result as { endpointDisabled: boolean }).endpointDisabled === false)).toBe(true);
    expect(last.at(-1)).toMatchObject({ outcome: "failed", endpointDisabled: true });

    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.failureStreak).toBe(webhookDisableAfterFailures);
    // Turned off at the last attempt of the fifth delivery (the loop then moved the clock on once more).
    expect(row.disabledAt).toEqual(new Date(clock.now().getTime() - hours(10)));
    expect(row.disabledReason).toMatch(/5 deliveries in a row failed/);
    const audit = await db.auditEvent.findMany({ where: { tenantId: tenant.id, type: "webhook.endpoint_disabled" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "system", data: { endpointId: endpoint.id, host: new URL(receiver.url).host } });
    for (const person of [admin, secondAdmin]) {
      const mails = await findMessagesTo(tenant.id, person.email);
      expect(mails.filter((mail) => mail.subject === "A webhook endpoint was turned off")).toHaveLength(1);
    }
    const more = await newDeliveries(2);
    expect(more.every((delivery) => delivery === undefined)).toBe(true);
  });

  it("forgets the streak after a success, and after being turned back on", async () => {
    const { tenant, admin, endpoint, deliver, newDeliveries, clock } = await setUp();
    const exhaust = async () => {
      receiver.answer(500);
      const [delivery] = await newDeliveries();
      for (let attempt = 1; attempt <= webhookMaxAttempts; attempt += 1) {
        await deliver(delivery!.id);
        clock.advance(hours(10));
      }
    };
    for (let count = 0; count < webhookDisableAfterFailures - 1; count += 1) await exhaust();
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failureStreak).toBe(webhookDisableAfterFailures - 1);
    receiver.answer(200);
    const [ok] = await newDeliveries();
    expect(await deliver(ok!.id)).toMatchObject({ outcome: "delivered" });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).failureStreak).toBe(0);

    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failureStreak: 7, disabledAt: clock.now(), disabledReason: "test" } });
    const enabled = await updateWebhookEndpoint({ db, tenantId: tenant.id, actor: staffActor(admin.userId), endpointId: endpoint.id, enabled: true, context, clock });
    expect(enabled).toMatchObject({ enabled: true, failureStreak: 0, disabledReason: null });
  });

  it("signs with the new and the old secret for 24 hours after a rotation, then with the new one only", async () => {
    const { tenant, admin, endpoint, secret, deliver, newDeliveries, clock } = await setUp();
    const rotated = await rotateWebhookSecret({ db, tenantId: tenant.id, actor: staffActor(admin.userId), endpointId: endpoint.id, context, clock });
    expect(rotated.previousSecretUntil).toEqual(new Date(clock.now().getTime() + hours(24)));
    const [during] = await newDeliveries();
    await deliver(during!.id);
    const first = receivedFor(during!.eventId)[0]!;
    expect(String(first.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(signersOf(first, [rotated.secret, secret])).toEqual([rotated.secret, secret]);

    clock.advance(hours(24));
    const [after] = await newDeliveries();
    await deliver(after!.id);
    const second = receivedFor(after!.eventId)[0]!;
    expect(String(second.headers["webhook-signature"]).split(" ")).toHaveLength(1);
    expect(signersOf(second, [rotated.secret, secret])).toEqual([rotated.secret]);
  });

  it("fans an event out to every subscribed endpoint with one webhook-id, and skips endpoints that are off or not subscribed", async () => {
    const { tenant, admin, endpoint, deliver, sequence, clock } = await setUp();
    const create = (eventTypes: string[]) =>
      createWebhookEndpoint({ db, tenantId: tenant.id, actor: staffActor(admin.userId), url: receiver.url, eventTypes, context, clock, urlPolicy: localPolicy });
    const all = await create([]);
    const other = await create(["factor.added"]);
    const off = await create(["account.signed_in"]);
    await updateWebhookEndpoint({ db, tenantId: tenant.id, actor: staffActor(admin.userId), endpointId: off.endpoint.id, enabled: false, context, clock });
    const [eventId] = await writeEvents(tenant.id, 1);
    await sequence();
    const deliveries = await db.webhookDelivery.findMany({ where: { eventId } });
    expect(deliveries.map((row) => row.endpointId).sort()).toEqual([endpoint.id, all.endpoint.id].sort());
    expect(deliveries.some((row) => row.endpointId === other.endpoint.id || row.endpointId === off.endpoint.id)).toBe(false);
    for (const row of deliveries) await deliver(row.id);
    const webhooks = receivedFor(eventId!);
    expect(webhooks).toHaveLength(2);
    expect(signersOf(webhooks.find((webhook) => signersOf(webhook, [all.secret]).length === 1)!, [all.secret])).toEqual([all.secret]);
  });

  it("stops sending to an endpoint deleted or turned off while its deliveries waited", async () => {
    const { tenant, admin, endpoint, deliver, newDeliveries, clock } = await setUp();
    const [waiting, alsoWaiting] = await newDeliveries(2);
    await updateWebhookEndpoint({ db, tenantId: tenant.id, actor: staffActor(admin.userId), endpointId: endpoint.id, enabled: false, context, clock });
    expect(await deliver(waiting!.id)).toEqual({ outcome: "skipped", reason: "endpoint-off" });
    await updateWebhookEndpoint({ db, tenantId: tenant.id, actor: staffActor(admin.userId), endpointId: endpoint.id, enabled: true, context, clock });
    await deleteWebhookEndpoint({ db, tenantId: tenant.id, actor: staffActor(admin.userId), endpointId: endpoint.id, context, clock });
    expect(await deliver(alsoWaiting!.id)).toEqual({ outcome: "skipped", reason: "finished" });
    expect(receivedFor(waiting!.eventId)).toHaveLength(0);
    expect(receivedFor(alsoWaiting!.eventId)).toHaveLength(0);
  });

  it("redelivers with the same webhook-id from the start of the schedule", async () => {
    const { tenant, admin, deliver, newDeliveries, clock } = await setUp();
    const [delivery] = await newDeliveries();
    await deliver(delivery!.id);
    await redeliverWebhook({ db, tenantId: tenant.id, actor: staffActor(admin.userId), deliveryId: delivery!.id, context, clock, dispatch: false });
    expect(await deliver(delivery!.id)).toMatchObject({ outcome: "delivered", attempt: 1 });
    const webhooks = receivedFor(delivery!.eventId);
    expect(webhooks).toHaveLength(2);
    expect(webhooks[1]!.body).toBe(webhooks[0]!.body);
  });
});
