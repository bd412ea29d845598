// One entry of a tenant's security-event feed: an audit row once the sequencer has numbered it.
// The same object is the `data` of a webhook's payload (plus the tenant id), so a receiver that
// reads both the feed and webhooks sees one shape.

export type SecurityEventActor = { type: string; id?: string };

export type SecurityEvent = {
  /** evt_...: also the `webhook-id` of every delivery of this event. */
  id: string;
  /** 1, 2, 3... per tenant, gapless, in the order the events became visible. */
  sequence: number;
  type: string;
  occurredAt: Date;
  /** The account the event is about; null for tenant-level events (API keys, webhooks, staff). */
  userId: string | null;
  actor: SecurityEventActor;
  /** The address of the request that caused it; null for the system's own events. */
  ip: string | null;
  /** The audit row's details: non-secret by rule (record-audit-event.ts). */
  data: Record<string, unknown>;
};

export type SecurityEventRow = {
  id: string;
  sequence: bigint | null;
  type: string;
  createdAt: Date;
  userId: string | null;
  actorType: string;
  actorId: string | null;
  ip: string;
  data: unknown;
};

export const securityEventSelect = {
  id: true,
  sequence: true,
  type: true,
  createdAt: true,
  userId: true,
  actorType: true,
  actorId: true,
  ip: true,
  data: true,
} as const;

export function toSecurityEvent(row: SecurityEventRow): SecurityEvent {
  if (row.sequence === null) throw new Error(`Event ${row.id} has no sequence yet`);
  return {
    id: row.id,
    // A tenant would need 2^53 events for this to lose precision.
    sequence: Number(row.sequence),
    type: row.type,
    occurredAt: row.createdAt,
    userId: row.userId,
    actor: row.actorId ? { type: row.actorType, id: row.actorId } : { type: row.actorType },
    ip: row.ip === "" ? null : row.ip,
    data: row.data !== null && typeof row.data === "object" && !Array.isArray(row.data) ? (row.data as Record<string, unknown>) : {},
  };
}
