import type { Db } from "../db/client";
import { newId } from "../ids";
import { systemClock, type Clock } from "../clock";
import type { JobQueue } from "../outbox/start-job-queue";
import { dispatchWebhookDeliveries, type ScheduledAttempt } from "../webhooks/webhook-jobs";

// The feed's sequencer. Every security event is an audit row written in its own change's
// transaction, so the audit row is the event's outbox record. Numbering happens afterwards, here,
// one sequencer at a time (a transaction-scoped advisory lock, across processes): it takes the
// committed rows that have no number yet and numbers them per tenant, continuing the tenant's
// counter. A row whose transaction commits late is simply numbered by a later run, after the rows
// already numbered, so sequence order is the order in which events became visible, and a reader
// polling `sequence > N` never misses one. Numbers and webhook deliveries commit together.

/** pg_advisory_xact_lock key of the sequencer ("RKEV"); nothing else in Rekey takes it. */
export const eventSequencerLockKey = 0x524b4556;

export type SequenceEventsOptions = {
  /** Not a transaction: the sequencer runs its own. */
  db: Db;
  /** Rows numbered per run at most; a run that fills it reports `hasMore`. */
  batchSize?: number;
  clock?: Clock;
  /** Where the delivery jobs go after commit; the shared publisher by default. */
  queue?: JobQueue | Promise<JobQueue>;
  /** false: make the delivery rows but queue no jobs (tests that deliver by hand). */
  dispatch?: boolean;
  /**
   * Only these tenants' events. Per-tenant order and gaplessness hold either way (each tenant has
   * its own counter); tests use it to stay out of each other's tenants. The worker numbers all.
   */
  tenantIds?: string[];
  log?: (line: string) => void;
};

export type SequenceEventsResult = {
  numbered: number;
  /** Per tenant, the range of numbers given out in this run. */
  tenants: { tenantId: string; first: number; last: number }[];
  deliveries: ScheduledAttempt[];
  hasMore: boolean;
};

type UnnumberedRow = { id: string; tenantId: string; type: string };

export async function sequenceEvents(options: SequenceEventsOptions): Promise<SequenceEventsResult> {
  const { db, batchSize = 1000, clock = systemClock, dispatch = true, tenantIds: onlyTenants, log } = options;
  const result = await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${eventSequencerLockKey}::bigint)) AS lock`;
      // Read after the lock: this statement's snapshot includes everything the previous sequencer
      // committed, and every audit row committed so far.
      const rows = onlyTenants
        ? await tx.$queryRaw<UnnumberedRow[]>`
            SELECT id, "tenantId", type FROM audit_event WHERE sequence IS NULL AND "tenantId" = ANY(${onlyTenants}::text[])
            ORDER BY "createdAt", id LIMIT ${batchSize}`
        : await tx.$queryRaw<UnnumberedRow[]>`
            SELECT id, "tenantId", type FROM audit_event WHERE sequence IS NULL ORDER BY "createdAt", id LIMIT ${batchSize}`;
      if (rows.length === 0) return { numbered: 0, tenants: [], deliveries: [], hasMore: false };

      const byTenant = new Map<string, UnnumberedRow[]>();
      for (const row of rows) {
        const list = byTenant.get(row.tenantId) ?? [];
        list.push(row);
        byTenant.set(row.tenantId, list);
      }
      const tenantIds = [...byTenant.keys()];
      const counts = tenantIds.map((tenantId) => byTenant.get(tenantId)!.length);
      const feeds = await tx.$queryRaw<{ tenantId: string; lastSequence: bigint }[]>`
        INSERT INTO tenant_event_feed ("tenantId", "lastSequence")
        SELECT * FROM unnest(${tenantIds}::text[], ${counts}::int[]::bigint[])
        ON CONFLICT ("tenantId") DO UPDATE SET "lastSequence" = tenant_event_feed."lastSequence" + EXCLUDED."lastSequence"
        RETURNING "tenantId", "lastSequence"`;

      const ids: string[] = [];
      const sequences: string[] = [];
      const tenants: SequenceEventsResult["tenants"] = [];
      for (const feed of feeds) {
        const list = byTenant.get(feed.tenantId)!;
        const first = feed.lastSequence - BigInt(list.length) + 1n;
        list.forEach((row, index) => {
          ids.push(row.id);
          sequences.push((first + BigInt(index)).toString());
        });
        tenants.push({ tenantId: feed.tenantId, first: Number(first), last: Number(feed.lastSequence) });
      }
      // The append-only trigger allows exactly this: sequence set once, from NULL, nothing else changed.
      await tx.$executeRaw`
        UPDATE audit_event AS a SET sequence = v.sequence
        FROM unnest(${ids}::text[], ${sequences}::text[]::bigint[]) AS v(id, sequence)
        WHERE a.id = v.id AND a.sequence IS NULL`;

      const endpoints = await tx.webhookEndpoint.findMany({
        where: { tenantId: { in: tenantIds }, disabledAt: null, deletedAt: null },
        select: { id: true, tenantId: true, eventTypes: true },
      });
      const now = clock.now();
      const deliveryRows = rows.flatMap((row) =>
        endpoints
          .filter((endpoint) => endpoint.tenantId === row.tenantId && (endpoint.eventTypes.length === 0 || endpoint.eventTypes.includes(row.type)))
          .map((endpoint) => ({
            id: newId("webhookDelivery"),
            tenantId: row.tenantId,
            endpointId: endpoint.id,
            eventId: row.id,
            nextAttemptAt: now,
            createdAt: now,
          })),
      );
      const deliveries =
        deliveryRows.length === 0
          ? []
          : await tx.webhookDelivery.createManyAndReturn({ data: deliveryRows, skipDuplicates: true, select: { id: true, nextAttemptAt: true } });
      return {
        numbered: rows.length,
        tenants,
        deliveries: deliveries.map((delivery) => ({ id: delivery.id, nextAttemptAt: delivery.nextAttemptAt ?? now })),
        hasMore: rows.length === batchSize,
      };
    },
    // Waiting for another process's sequencer to finish is part of the work.
    { maxWait: 10_000, timeout: 60_000 },
  );
  if (dispatch) await dispatchWebhookDeliveries({ deliveries: result.deliveries, queue: options.queue, log });
  return result;
}
