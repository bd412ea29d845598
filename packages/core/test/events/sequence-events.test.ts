import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getPool } from "../../src/db/client";
import { recordAuditEvent } from "../../src/audit/record-audit-event";
import { sequenceEvents } from "../../src/events/sequence-events";
import { findSecurityEvents } from "../../src/events/find-security-events";
import { createTestTenant } from "../../src/testing";
import { context, writeEvents } from "../webhooks/webhook-fixtures";

const db = getDb();
afterAll(() => closeDb());

async function sequenceAll(tenantIds: string[]) {
  while ((await sequenceEvents({ db, tenantIds, dispatch: false })).numbered > 0);
}

async function sequencesOf(tenantId: string) {
  const rows = await db.auditEvent.findMany({ where: { tenantId }, select: { id: true, sequence: true, createdAt: true }, orderBy: { sequence: "asc" } });
  return rows;
}

/** Reads the whole feed the way a consumer does: page after page from its last cursor. */
async function readFeed(tenantId: string, after = 0n, limit = 7) {
  const seen: { id: string; sequence: number }[] = [];
  let cursor = after;
  for (;;) {
    const page = await findSecurityEvents({ db, tenantId, after: cursor, limit });
    seen.push(...page.events.map(({ id, sequence }) => ({ id, sequence })));
    cursor = BigInt(page.nextCursor);
    if (!page.hasMore) return { seen, cursor };
  }
}

describe("the event sequencer", () => {
  it("numbers a tenant's events 1..n with no gap and no repeat while 6 writers and 2 sequencers run at once", async () => {
    const tenant = await createTestTenant();
    const writers = 6;
    const perWriter = 25;
    const written: string[][] = Array.from({ length: writers }, () => []);
    let writing = true;
    const writeAll = Promise.all(
      written.map(async (ids) => {
        for (let index = 0; index < perWriter; index += 1) {
          const { id } = await db.$transaction((tx) =>
            recordAuditEvent({ db: tx, tenantId: tenant.id, userId: null, actor: { type: "system" }, type: "account.signed_in", context, data: { index } }),
          );
          ids.push(id);
        }
      }),
    ).finally(() => (writing = false));
    const sequencer = async () => {
      while (writing) await sequenceEvents({ db, tenantIds: [tenant.id], dispatch: false, batchSize: 7 });
    };
    await Promise.all([writeAll, sequencer(), sequencer()]);
    await sequenceAll([tenant.id]);

    const rows = await sequencesOf(tenant.id);
    // The tenant's own creation event is numbered too: every audit type is a feed type.
    expect(rows.map((row) => Number(row.sequence))).toEqual(Array.from({ length: rows.length }, (_, index) => index + 1));
    expect(rows.length).toBe(writers * perWriter + 1);
    const feed = await db.tenantEventFeed.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(Number(feed.lastSequence)).toBe(rows.length);
    // Each writer committed its events one after another: they keep that order in the feed.
    const sequenceOf = new Map(rows.map((row) => [row.id, Number(row.sequence)]));
    for (const ids of written) {
      const sequences = ids.map((id) => sequenceOf.get(id)!);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
    const { seen } = await readFeed(tenant.id);
    expect(seen.map((event) => event.sequence)).toEqual(rows.map((row) => Number(row.sequence)));
  });

  it("numbers an event whose transaction commits late after the ones already read, so a reader at its cursor does not skip it", async () => {
    const tenant = await createTestTenant();
    await sequenceAll([tenant.id]);
    const start = await readFeed(tenant.id);

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let lateId = "";
    let recorded!: () => void;
    const lateRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const late = db.$transaction(
      async (tx) => {
        lateId = (await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: null, actor: { type: "system" }, type: "factor.added", context })).id;
        recorded();
        await held;
      },
      { timeout: 20_000 },
    );
    await lateRecorded;
    const [earlyId] = await writeEvents(tenant.id, 1, "factor.removed");
    await sequenceAll([tenant.id]);

    const first = await readFeed(tenant.id, start.cursor);
    expect(first.seen.map((event) => event.id)).toEqual([earlyId]);

    release();
    await late;
    await sequenceAll([tenant.id]);
    const second = await readFeed(tenant.id, first.cursor);
    expect(second.seen.map((event) => event.id)).toEqual([lateId]);
    expect(second.seen[0]!.sequence).toBe(first.seen[0]!.sequence + 1);

    const [lateRow, earlyRow] = await Promise.all([lateId, earlyId!].map((id) => db.auditEvent.findUniqueOrThrow({ where: { id } })));
    // Written first, visible second: numbered in the order it became visible.
    expect(lateRow!.createdAt.getTime()).toBeLessThanOrEqual(earlyRow!.createdAt.getTime());
  });

  it("keeps each tenant's counter its own: interleaved tenants each count 1, 2, 3...", async () => {
    const [one, two] = [await createTestTenant(), await createTestTenant()];
    for (let index = 0; index < 5; index += 1) {
      await writeEvents(one.id, 1);
      await writeEvents(two.id, 2);
    }
    await sequenceAll([one.id, two.id]);
    for (const tenant of [one, two]) {
      const sequences = (await sequencesOf(tenant.id)).map((row) => Number(row.sequence));
      expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
    }
    const { seen } = await readFeed(one.id);
    const otherIds = new Set((await sequencesOf(two.id)).map((row) => row.id));
    expect(seen.some((event) => otherIds.has(event.id))).toBe(false);
  });

  it("leaves the audit trail append-only: the trigger refuses every change but the one numbering", async () => {
    const tenant = await createTestTenant();
    const [numberedId, freshId] = await writeEvents(tenant.id, 2);
    await sequenceAll([tenant.id]);
    const [unnumberedId] = await writeEvents(tenant.id, 1);
    const refused = async (sql: string, ...values: unknown[]) => {
      try {
        await getPool().query(sql, values);
        return "allowed";
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(await refused(`UPDATE audit_event SET type = 'account.signed_out' WHERE id = $1`, numberedId)).toBe("42501");
    expect(await refused(`UPDATE audit_event SET sequence = 999 WHERE id = $1`, freshId)).toBe("42501");
    expect(await refused(`UPDATE audit_event SET sequence = NULL WHERE id = $1`, freshId)).toBe("42501");
    expect(await refused(`UPDATE audit_event SET sequence = 999, data = '{"forged":true}' WHERE id = $1`, unnumberedId)).toBe("42501");
    expect(await refused(`UPDATE audit_event SET sequence = 999, "createdAt" = now() - interval '1 day' WHERE id = $1`, unnumberedId)).toBe("42501");
    expect(await refused(`DELETE FROM audit_event WHERE id = $1`, numberedId)).toBe("42501");
    const row = await db.auditEvent.findUniqueOrThrow({ where: { id: unnumberedId! } });
    expect(row.sequence).toBeNull();
  });
});

describe("the security-event feed", () => {
  it("pages with a cursor, filters by type, and answers an unchanged cursor when nothing is new", async () => {
    const tenant = await createTestTenant();
    const signIns = await writeEvents(tenant.id, 3, "account.signed_in");
    const added = await writeEvents(tenant.id, 2, "factor.added");
    await sequenceAll([tenant.id]);

    const everything = await readFeed(tenant.id, 0n, 2);
    expect(everything.seen.map((event) => event.id).slice(-5)).toEqual([...signIns, ...added]);

    const factors = await findSecurityEvents({ db, tenantId: tenant.id, types: ["factor.added"] });
    expect(factors.events.map((event) => event.id)).toEqual(added);
    expect(factors.events[0]).toMatchObject({ type: "factor.added", userId: null, actor: { type: "system" }, ip: "198.51.100.20", data: { index: 0 } });
    expect(factors.events[0]!.occurredAt).toBeInstanceOf(Date);

    const idle = await findSecurityEvents({ db, tenantId: tenant.id, after: everything.cursor });
    expect(idle).toEqual({ events: [], nextCursor: everything.cursor.toString(), hasMore: false });
  });

  it("shows nothing of another tenant, whatever cursor is asked for", async () => {
    const [mine, theirs] = [await createTestTenant(), await createTestTenant()];
    await writeEvents(theirs.id, 4);
    await sequenceAll([mine.id, theirs.id]);
    const page = await findSecurityEvents({ db, tenantId: mine.id, after: 0n, limit: 500 });
    // Only its own creation event.
    expect(page.events.map((event) => [event.sequence, event.type])).toEqual([[1, "tenant.created"]]);
    const theirIds = new Set((await sequencesOf(theirs.id)).map((row) => row.id));
    expect(page.events.some((event) => theirIds.has(event.id))).toBe(false);
  });
});
