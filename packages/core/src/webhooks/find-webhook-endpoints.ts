import type { DbOrTx } from "../db/client";
import { systemClock, type Clock } from "../clock";
import { toWebhookEndpointSummary, webhookEndpointSelect, type WebhookEndpointSummary } from "./webhook-endpoint-summary";

export type FindWebhookEndpointsOptions = { db: DbOrTx; tenantId: string; clock?: Clock };

/** A tenant's endpoints, oldest first; deleted ones are gone from view. */
export async function findWebhookEndpoints(options: FindWebhookEndpointsOptions): Promise<WebhookEndpointSummary[]> {
  const { db, tenantId, clock = systemClock } = options;
  const rows = await db.webhookEndpoint.findMany({
    where: { tenantId, deletedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: webhookEndpointSelect,
  });
  const now = clock.now();
  return rows.map((row) => toWebhookEndpointSummary(row, now));
}
