import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { checkWebhookUrl, type WebhookUrlPolicy } from "./check-webhook-url";
import {
  checkEventTypes,
  endpointHost,
  lockWebhookEndpoint,
  toWebhookEndpointSummary,
  webhookEndpointSelect,
  type WebhookEndpointSummary,
} from "./webhook-endpoint-summary";

export type UpdateWebhookEndpointOptions = {
  db: Db;
  tenantId: string;
  actor: AuditActor;
  endpointId: string;
  url?: string;
  description?: string;
  eventTypes?: string[];
  /** false turns the endpoint off; true turns it back on and clears its failure streak. */
  enabled?: boolean;
  context: RequestContext;
  clock?: Clock;
  urlPolicy?: WebhookUrlPolicy;
};

export const disabledByHandReason = "Turned off by hand.";

/** Changes what is given; an endpoint of another tenant is NOT_FOUND (S28). */
export async function updateWebhookEndpoint(options: UpdateWebhookEndpointOptions): Promise<WebhookEndpointSummary> {
  const { db, tenantId, actor, endpointId, description, enabled, context, clock = systemClock } = options;
  const eventTypes = options.eventTypes === undefined ? undefined : checkEventTypes(options.eventTypes);
  const url = options.url === undefined ? undefined : await checkWebhookUrl({ url: options.url, policy: options.urlPolicy });
  return db.$transaction(async (tx) => {
    const current = await lockWebhookEndpoint(tx, tenantId, endpointId);
    const now = clock.now();
    const changed: string[] = [];
    const data: Record<string, unknown> = {};
    if (url !== undefined && url !== current.url) {
      data.url = url;
      changed.push("url");
    }
    if (description !== undefined && description.trim() !== current.description) {
      data.description = description.trim();
      changed.push("description");
    }
    if (eventTypes !== undefined && eventTypes.join(",") !== current.eventTypes.join(",")) {
      data.eventTypes = eventTypes;
      changed.push("eventTypes");
    }
    if (enabled === false && current.disabledAt === null) {
      Object.assign(data, { disabledAt: now, disabledReason: disabledByHandReason });
      changed.push("enabled");
    }
    if (enabled === true && current.disabledAt !== null) {
      // A fresh start: the streak that turned it off is history.
      Object.assign(data, { disabledAt: null, disabledReason: null, failureStreak: 0 });
      changed.push("enabled");
    }
    if (changed.length === 0) return toWebhookEndpointSummary(current, now);
    const row = await tx.webhookEndpoint.update({ where: { id: endpointId }, data, select: webhookEndpointSelect });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId: null,
      actor,
      type: "webhook.endpoint_updated",
      context,
      data: { endpointId, host: endpointHost(row.url), changed, eventTypes: row.eventTypes, enabled: row.disabledAt === null },
    });
    return toWebhookEndpointSummary(row, now);
  });
}
