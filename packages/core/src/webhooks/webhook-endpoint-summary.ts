import { auditEventTypes } from "../audit/audit-event-types";
import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";

// What callers see of an endpoint: never its secret (shown once, at creation and rotation).

export type WebhookEndpointSummary = {
  id: string;
  url: string;
  description: string;
  /** Empty: every event type. */
  eventTypes: string[];
  enabled: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  /** Deliveries in a row that ran out of attempts; the endpoint is turned off at webhookDisableAfterFailures. */
  failureStreak: number;
  createdAt: Date;
  /** While a rotation overlaps, the old secret also signs until this time. */
  previousSecretUntil: Date | null;
};

export const webhookEndpointSelect = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  disabledAt: true,
  disabledReason: true,
  failureStreak: true,
  createdAt: true,
  previousSecretUntil: true,
} as const;

type SummaryRow = Omit<WebhookEndpointSummary, "enabled">;

export function toWebhookEndpointSummary(row: SummaryRow, now: Date): WebhookEndpointSummary {
  return {
    ...row,
    enabled: row.disabledAt === null,
    previousSecretUntil: row.previousSecretUntil && row.previousSecretUntil > now ? row.previousSecretUntil : null,
  };
}

/** Endpoints a tenant may have at once (each event is sent to each of them). */
export const maxWebhookEndpoints = 10;

/** Every audit type is a feed type; anything else is refused, so a typo cannot silently match nothing. */
export function checkEventTypes(types: string[]): string[] {
  const known = new Set<string>(auditEventTypes);
  const unknown = types.filter((type) => !known.has(type));
  if (unknown.length > 0) throw new AppError("BAD_REQUEST", `Unknown event type: ${unknown.slice(0, 3).join(", ")}.`, { details: unknown.slice(0, 20) });
  return [...new Set(types)].sort();
}

/**
 * Locks a live endpoint of the tenant for a change. Another tenant's endpoint, a deleted one and a
 * missing one are the same NOT_FOUND (S28).
 */
export async function lockWebhookEndpoint(tx: Tx, tenantId: string, endpointId: string) {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM webhook_endpoint WHERE id = ${endpointId} AND "tenantId" = ${tenantId} AND "deletedAt" IS NULL FOR UPDATE`;
  if (!row) throw new AppError("NOT_FOUND", "No such webhook endpoint.");
  return tx.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId }, select: webhookEndpointSelect });
}

/** Audit rows name the endpoint's host only: a receiver's URL path or query may carry its own token. */
export function endpointHost(url: string): string {
  return new URL(url).host;
}
