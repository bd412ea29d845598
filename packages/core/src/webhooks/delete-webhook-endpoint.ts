import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { endpointHost, lockWebhookEndpoint } from "./webhook-endpoint-summary";

export type DeleteWebhookEndpointOptions = { db: Db; tenantId: string; actor: AuditActor; endpointId: string; context: RequestContext; clock?: Clock };

export const endpointDeletedError = "The endpoint was deleted.";

/**
 * Deletes an endpoint: it gets no new deliveries, and its pending ones stop (marked failed). The
 * row stays, marked deleted, so its delivery history keeps a parent; to callers it is NOT_FOUND.
 */
export async function deleteWebhookEndpoint(options: DeleteWebhookEndpointOptions): Promise<{ endpointId: string; deletedAt: Date }> {
  const { db, tenantId, actor, endpointId, context, clock = systemClock } = options;
  return db.$transaction(async (tx) => {
    const current = await lockWebhookEndpoint(tx, tenantId, endpointId);
    const deletedAt = clock.now();
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { deletedAt } });
    await tx.webhookDelivery.updateMany({
      where: { endpointId, tenantId, status: "pending" },
      data: { status: "failed", nextAttemptAt: null, lastError: endpointDeletedError },
    });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId: null,
      actor,
      type: "webhook.endpoint_deleted",
      context,
      data: { endpointId, host: endpointHost(current.url) },
    });
    return { endpointId, deletedAt };
  });
}
