import type { Db, Tx } from "../db/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemRequestContext } from "../audit/request-context";
import { open } from "../crypto/secret-box";
import { hours, minutes, systemClock, type Clock } from "../clock";
import { mailTenantAdmins } from "../events/mail-tenant-admins";
import { securityEventSelect, toSecurityEvent } from "../events/security-event";
import { defaultTenantSlug, tenantPageUrl } from "../notifications/links";
import { dispatchOutbox } from "../outbox/dispatch-outbox";
import type { JobQueue } from "../outbox/start-job-queue";
import { createWebhookTransport, type WebhookTransport } from "./send-webhook-request";
import { signWebhook } from "./sign-webhook";
import { endpointHost } from "./webhook-endpoint-summary";
import { dispatchWebhookDeliveries } from "./webhook-jobs";

/**
 * When each attempt is due, counted from the previous one (Svix's schedule): at once, then 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. Eight attempts over about 27.6 hours; a receiver down for
 * a day still gets everything once it is back.
 */
export const webhookRetryDelaysMs = [5_000, minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)];
export const webhookMaxAttempts = webhookRetryDelaysMs.length + 1;
/**
 * An endpoint is turned off when this many deliveries in a row ran out of attempts (any success
 * resets the count). With the schedule above that is at least about 28 hours of failure and five
 * separate events given up on: a receiver that is merely slow or briefly down is never turned off.
 */
export const webhookDisableAfterFailures = 5;
export const webhookRequestTimeoutMs = 10_000;
/** A claimed attempt is not due again for this long, so a crash mid-attempt is retried by the sweep. */
const claimLeaseMs = minutes(2);

export type DeliverWebhookOptions = {
  /** Not a transaction: the request is sent between two short transactions, never inside one. */
  db: Db;
  deliveryId: string;
  /** The production transport by default (SSRF-checked, pinned address, no redirects). */
  transport?: WebhookTransport;
  clock?: Clock;
  /** Where the next attempt's job and the admins' mail go; the shared publisher by default. */
  queue?: JobQueue | Promise<JobQueue>;
  /** false: record everything but queue no jobs (tests that move the clock and deliver by hand). */
  dispatch?: boolean;
  log?: (line: string) => void;
};

export type DeliverWebhookResult =
  | { outcome: "delivered"; statusCode: number; attempt: number }
  | { outcome: "retrying"; attempt: number; nextAttemptAt: Date; lastStatusCode: number | null; lastError: string }
  | { outcome: "failed"; attempt: number; lastStatusCode: number | null; lastError: string; endpointDisabled: boolean }
  | { outcome: "skipped"; reason: "not-found" | "not-due" | "finished" | "endpoint-off" };

export const endpointOffError = "The endpoint is turned off.";

/**
 * One attempt of one delivery. The attempt is claimed first by a conditional UPDATE (due, pending),
 * so two workers holding the same job send it once; the POST carries the Standard Webhooks headers
 * (webhook-id is the event id, the same on every retry and every endpoint). 2xx is delivered;
 * anything else is recorded (status code and a short reason, never the receiver's body or our
 * secret) and the next attempt scheduled, until the last one fails the delivery and counts against
 * the endpoint.
 */
export async function deliverWebhook(options: DeliverWebhookOptions): Promise<DeliverWebhookResult> {
  const { db, deliveryId, clock = systemClock, dispatch = true } = options;
  const claimedAt = clock.now();
  const [claimed] = await db.webhookDelivery.updateManyAndReturn({
    where: { id: deliveryId, status: "pending", nextAttemptAt: { lte: claimedAt } },
    data: { attempts: { increment: 1 }, nextAttemptAt: new Date(claimedAt.getTime() + claimLeaseMs) },
  });
  if (!claimed) {
    const row = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { status: true } });
    return { outcome: "skipped", reason: !row ? "not-found" : row.status === "pending" ? "not-due" : "finished" };
  }
  const attempt = claimed.attempts;

  const endpoint = await db.webhookEndpoint.findUniqueOrThrow({
    where: { id: claimed.endpointId },
    omit: { sealedSecret: false, sealedPreviousSecret: false },
  });
  if (endpoint.deletedAt || endpoint.disabledAt) {
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: "pending", attempts: attempt },
      data: { status: "failed", nextAttemptAt: null, lastError: endpointOffError, attempts: attempt - 1 },
    });
    return { outcome: "skipped", reason: "endpoint-off" };
  }
  const event = await db.auditEvent.findFirstOrThrow({ where: { id: claimed.eventId, tenantId: claimed.tenantId }, select: securityEventSelect });
  const body = JSON.stringify({
    type: event.type,
    timestamp: event.createdAt.toISOString(),
    data: { tenantId: claimed.tenantId, ...toSecurityEvent(event) },
  });
  const secrets = [open(endpoint.sealedSecret)];
  if (endpoint.sealedPreviousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > claimedAt) {
    secrets.push(open(endpoint.sealedPreviousSecret));
  }
  const timestamp = Math.floor(claimedAt.getTime() / 1000);
  const headers = {
    "webhook-id": claimed.eventId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook({ secrets, id: claimed.eventId, timestamp, body }),
    "user-agent": "Rekey-Webhooks/1",
  };

  let statusCode: number | null = null;
  let failure: string | null = null;
  try {
    const transport = options.transport ?? createWebhookTransport();
    const response = await transport({ url: endpoint.url, headers, body, timeoutMs: webhookRequestTimeoutMs });
    statusCode = response.status;
    if (statusCode < 200 || statusCode >= 300) failure = `HTTP ${statusCode}`;
  } catch (error) {
    failure = describeFailure(error);
  }

  const now = clock.now();
  if (failure === null) {
    await db.$transaction(async (tx) => {
      await tx.webhookDelivery.updateMany({
        where: { id: deliveryId, status: "pending", attempts: attempt },
        data: { status: "delivered", deliveredAt: now, nextAttemptAt: null, lastStatusCode: statusCode, lastError: null },
      });
      await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failureStreak: { gt: 0 } }, data: { failureStreak: 0 } });
    });
    return { outcome: "delivered", statusCode: statusCode!, attempt };
  }

  if (attempt < webhookMaxAttempts) {
    const nextAttemptAt = new Date(now.getTime() + webhookRetryDelaysMs[attempt - 1]!);
    const updated = await db.webhookDelivery.updateMany({
      where: { id: deliveryId, status: "pending", attempts: attempt },
      data: { nextAttemptAt, lastStatusCode: statusCode, lastError: failure },
    });
    if (dispatch && updated.count === 1) await dispatchWebhookDeliveries({ deliveries: [{ id: deliveryId, nextAttemptAt }], queue: options.queue, log: options.log });
    return { outcome: "retrying", attempt, nextAttemptAt, lastStatusCode: statusCode, lastError: failure };
  }

  const { endpointDisabled, messageIds } = await db.$transaction(async (tx) => {
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, status: "pending", attempts: attempt },
      data: { status: "failed", nextAttemptAt: null, lastStatusCode: statusCode, lastError: failure },
    });
    if (updated.count === 0) return { endpointDisabled: false, messageIds: [] };
    const [counted] = await tx.$queryRaw<{ failureStreak: number; disabledAt: Date | null }[]>`
      UPDATE webhook_endpoint SET "failureStreak" = "failureStreak" + 1 WHERE id = ${endpoint.id}
      RETURNING "failureStreak", "disabledAt"`;
    if (!counted || counted.disabledAt !== null || counted.failureStreak < webhookDisableAfterFailures) {
      return { endpointDisabled: false, messageIds: [] };
    }
    return { endpointDisabled: true, messageIds: await disableEndpoint(tx, endpoint, counted.failureStreak, now) };
  });
  if (dispatch && messageIds.length > 0) await dispatchOutbox({ messageIds, queue: options.queue, log: options.log });
  return { outcome: "failed", attempt, lastStatusCode: statusCode, lastError: failure, endpointDisabled };
}

type EndpointRow = { id: string; tenantId: string; url: string };

async function disableEndpoint(tx: Tx, endpoint: EndpointRow, failureStreak: number, now: Date): Promise<string[]> {
  const reason = `${failureStreak} deliveries in a row failed after ${webhookMaxAttempts} attempts each.`;
  await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { disabledAt: now, disabledReason: reason } });
  const host = endpointHost(endpoint.url);
  await recordAuditEvent({
    db: tx,
    tenantId: endpoint.tenantId,
    userId: null,
    actor: { type: "system" },
    type: "webhook.endpoint_disabled",
    context: systemRequestContext,
    data: { endpointId: endpoint.id, host, failureStreak, reason },
  });
  const developersUrl = tenantPageUrl({ slug: defaultTenantSlug }, `/staff/developers?tenant=${encodeURIComponent(endpoint.tenantId)}`);
  return mailTenantAdmins({
    tx,
    tenantId: endpoint.tenantId,
    subject: "A webhook endpoint was turned off",
    paragraphs: [
      `We turned off your webhook endpoint at ${host}: ${reason} No new events are sent to it.`,
      "Events are not lost: they stay in the event feed, and once the receiver works again you can turn the endpoint back on and redeliver what failed.",
    ],
    action: { label: "Open the Developers page", url: developersUrl },
  });
}

/**
 * The error's message only, with URLs cut out (a receiver's URL may carry its own token) and
 * bounded: never the response body, never a header we sent (the signature).
 */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, "[url]")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 300) || "The request failed."
  );
}

