import type { DbOrTx } from "../db/client";
import { securityEventSelect, toSecurityEvent, type SecurityEvent } from "./security-event";

export type FindSecurityEventsOptions = {
  db: DbOrTx;
  tenantId: string;
  /** The `nextCursor` of the previous page: events with a greater sequence follow. 0 or unset: from the start. */
  after?: bigint;
  /** Only these types; every type when unset or empty. */
  types?: string[];
  limit?: number;
};

export type SecurityEventPage = {
  events: SecurityEvent[];
  /** Pass as `after` next time. Unchanged when there was nothing new, so polling with it is safe. */
  nextCursor: string;
  /** More events are waiting beyond this page. */
  hasMore: boolean;
};

export const securityEventsMaxLimit = 500;

/**
 * A tenant's security events after a cursor, oldest first. Only numbered events are visible, and
 * the sequencer numbers them gaplessly in commit order (sequence-events.ts), so a reader that keeps
 * its last `nextCursor` never misses one, even one whose transaction committed late. Events are
 * audit rows, and the audit trail is append-only: the feed is kept for good, not 30 days.
 */
export async function findSecurityEvents(options: FindSecurityEventsOptions): Promise<SecurityEventPage> {
  const { db, tenantId, after = 0n, types = [], limit = 100 } = options;
  const take = Math.min(Math.max(1, limit), securityEventsMaxLimit);
  const rows = await db.auditEvent.findMany({
    where: { tenantId, sequence: { gt: after }, ...(types.length > 0 ? { type: { in: types } } : {}) },
    orderBy: { sequence: "asc" },
    take: take + 1,
    select: securityEventSelect,
  });
  const page = rows.slice(0, take);
  const last = page.at(-1)?.sequence;
  return {
    events: page.map(toSecurityEvent),
    nextCursor: (last ?? after).toString(),
    hasMore: rows.length > take,
  };
}
