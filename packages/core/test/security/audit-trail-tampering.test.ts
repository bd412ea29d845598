import { afterAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "../../src/audit/record-audit-event";
import { closeDb, getDb } from "../../src/db/client";
import { createTestTenant, testContext } from "./fixtures";

// An attacker (or a bug) with the application's database role tries to rewrite history. The
// refusal lives in the database (a trigger), so it holds whatever code path sends the statement.

const db = getDb();

afterAll(async () => {
  await closeDb();
});

async function auditedRow() {
  const tenant = await createTestTenant(db);
  const event = await recordAuditEvent({
    db,
    tenantId: tenant.id,
    userId: null,
    actor: { type: "anonymous" },
    type: "account.sign_in_failed",
    context: testContext("198.51.100.7"),
    data: { attempt: 1 },
  });
  return { tenant, event };
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) parts.push(current.message);
  return parts.join(" | ");
}

async function refusal(statement: Promise<unknown>): Promise<string> {
  const error = await statement.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return errorText(error);
}

describe("rewriting the audit trail", () => {
  it.each([
    ["UPDATE (covering tracks)", (id: string) => `UPDATE audit_event SET ip = '10.0.0.1', type = 'account.signed_in' WHERE id = '${id}'`, /append-only: UPDATE refused/],
    ["DELETE (erasing an event)", (id: string) => `DELETE FROM audit_event WHERE id = '${id}'`, /append-only: DELETE refused/],
  ])("a raw %s is refused by the database and the row is unchanged", async (_label, sql, expected) => {
    const { event } = await auditedRow();
    expect(await refusal(db.$executeRawUnsafe(sql(event.id)))).toMatch(expected);
    await expect(db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).resolves.toEqual(event);
  });

  it("a TRUNCATE of the whole table is refused and no row is lost", async () => {
    const { tenant, event } = await auditedRow();
    const before = await db.auditEvent.count({ where: { tenantId: tenant.id } });
    // Inside a transaction that is always rolled back: should the trigger ever be missing, this test
    // fails without wiping the audit rows of every other test sharing the database.
    class Rollback extends Error {
      constructor(readonly refusalText: string) {
        super("rollback");
      }
    }
    const outcome = await db
      .$transaction(async (tx) => {
        throw new Rollback(await refusal(tx.$executeRawUnsafe("TRUNCATE audit_event")));
      })
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(Rollback);
    expect(outcome instanceof Rollback ? outcome.refusalText : "").toMatch(/append-only: TRUNCATE refused/);
    await expect(db.auditEvent.count({ where: { tenantId: tenant.id } })).resolves.toBe(before);
    await expect(db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).resolves.toEqual(event);
  });

  it.each([
    ["update", (id: string) => db.auditEvent.update({ where: { id }, data: { type: "account.signed_in" } }), /append-only: UPDATE refused/],
    ["updateMany", (id: string) => db.auditEvent.updateMany({ where: { id }, data: { ip: "" } }), /append-only: UPDATE refused/],
    ["delete", (id: string) => db.auditEvent.delete({ where: { id } }), /append-only: DELETE refused/],
    ["deleteMany", (id: string) => db.auditEvent.deleteMany({ where: { id } }), /append-only: DELETE refused/],
  ])("the Prisma client's %s is refused the same way", async (_label, change, expected) => {
    const { event } = await auditedRow();
    expect(await refusal(change(event.id))).toMatch(expected);
    await expect(db.auditEvent.findUniqueOrThrow({ where: { id: event.id } })).resolves.toEqual(event);
  });
});
