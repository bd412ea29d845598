import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { confirmRecoveryCodes } from "../../src/recovery-codes/confirm-recovery-codes";
import { consumeRecoveryCode } from "../../src/recovery-codes/consume-recovery-code";
import { findRecoveryCodeStatus } from "../../src/recovery-codes/find-recovery-code-status";
import { hasPendingRecoveryCodes } from "../../src/recovery-codes/has-pending-recovery-codes";
import { regenerateRecoveryCodes } from "../../src/recovery-codes/regenerate-recovery-codes";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createTestUser, findMessagesTo } from "../../src/testing";
import { addFactorRow, auditTypes, createSessionRow, expectAppError, issuePendingSet, issueWorkingSet, strangerCode, tallyCodes, testContext } from "./fixtures";

// A set's life: shown once, confirmed by typing one back (S21), replaced whole (S23); and the
// tenant's choice of a set of 8..16 codes or a single recovery key.

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function consume(tenant: Tenant, userId: string, code: string) {
  return consumeRecoveryCode({ db, tenant, userId, code, context: testContext() });
}

function confirm(tenant: Tenant, userId: string, setId: string, code: string) {
  return db.$transaction((tx) => confirmRecoveryCodes({ tx, tenant, userId, setId, code }));
}

function setsOf(userId: string) {
  return db.recoveryCodeSet.findMany({ where: { userId }, select: { id: true, confirmedAt: true, replacedAt: true }, orderBy: { createdAt: "asc" } });
}

describe("issuing a set under the tenant's policy", () => {
  it.each([
    ["the default", {}, 10],
    ["the smallest set", { count: 8 }, 8],
    ["the largest set", { count: 16 }, 16],
  ] as const)("gives %s: distinct XXXX-XXXX-XXXX-XXXX codes, one salt for the set, one hash row per code", async (_label, recoveryCodes, count) => {
    const tenant = await createTestTenant({ recoveryCodes });
    const user = await createTestUser(tenant.id);
    const issued = await issueWorkingSet(tenant, user.id);
    expect(issued.style).toBe("set");
    expect(issued.codes).toHaveLength(count);
    expect(new Set(issued.codes).size).toBe(count);
    for (const code of issued.codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);

    const rows = await db.recoveryCode.findMany({ where: { setId: issued.setId }, select: { position: true, codeHash: true, usedAt: true }, orderBy: { position: "asc" } });
    expect(rows.map((row) => row.position)).toEqual(Array.from({ length: count }, (_, index) => index + 1));
    expect(new Set(rows.map((row) => row.codeHash)).size).toBe(count);
    const set = await db.recoveryCodeSet.findUniqueOrThrow({ where: { id: issued.setId }, select: { salt: true } });
    for (const row of rows) {
      expect(row.codeHash.startsWith(`$argon2id$v=19$m=19456,t=2,p=1$${Buffer.from(set.salt, "base64url").toString("base64").replace(/=+$/, "")}$`)).toBe(true);
      expect(row.usedAt).toBeNull();
    }
    // The last code of the largest set works as well as the first.
    await expect(consume(tenant, user.id, issued.codes.at(-1)!)).resolves.toEqual({ remaining: count - 1, style: "set", isLast: false });
  });

  it("gives a key-style tenant one 28-character key that is always the last: used once, then a new one is due", async () => {
    const tenant = await createTestTenant({ recoveryCodes: { style: "key" } });
    const user = await createTestUser(tenant.id);
    await addFactorRow(tenant, user.id);
    const issued = await issueWorkingSet(tenant, user.id);
    expect(issued.style).toBe("key");
    expect(issued.codes).toHaveLength(1);
    expect(issued.codes[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
    await expect(findRecoveryCodeStatus({ db, tenant, userId: user.id })).resolves.toMatchObject({ style: "key", total: 1, remaining: 1, warn: false });

    // A set-length code is no key, and answers like any wrong one.
    await expectAppError(consume(tenant, user.id, strangerCode()), "INVALID_CREDENTIALS");
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => consume(tenant, user.id, issued.codes[0]!.toLowerCase())));
    expect(tallyCodes(results)).toEqual({ ok: 1, INVALID_CREDENTIALS: 4 });
    expect(results.find((result) => result.status === "fulfilled")).toEqual({ status: "fulfilled", value: { remaining: 0, style: "key", isLast: true } });
    await expect(auditTypes(tenant.id, user.id)).resolves.toEqual(expect.arrayContaining(["recovery_codes.used", "recovery_codes.last_used"]));
    const status = await findRecoveryCodeStatus({ db, tenant, userId: user.id });
    expect(status).toMatchObject({ style: "key", total: 1, remaining: 0, warn: true });
    expect(status?.used[0]?.maskedCode).toBe(`••••-••••-••••-••••-••••-••••-${issued.codes[0]!.slice(-4)}`);
    const notices = await findMessagesTo(tenant.id, user.email);
    expect(notices.map((message) => message.subject)).toContain(`Security change on your ${tenant.name} account: Your recovery key was used to sign in; it no longer works`);

    const next = await regenerateRecoveryCodes({ db, tenant, userId: user.id, context: testContext() });
    expect(next.style).toBe("key");
    await expect(consume(tenant, user.id, next.codes[0]!)).resolves.toMatchObject({ isLast: true });
  });

  it("lets a second pending set replace the first, and two issued at once leave exactly one pending", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const first = await issuePendingSet(tenant, user.id);
    const second = await issuePendingSet(tenant, user.id);
    await expectAppError(confirm(tenant, user.id, first.setId, first.codes[0]!), "NOT_FOUND");
    await expect(hasPendingRecoveryCodes({ db, tenant, userId: user.id })).resolves.toBe(true);

    const racing = await Promise.allSettled(Array.from({ length: 5 }, () => issuePendingSet(tenant, user.id)));
    expect(tallyCodes(racing)).toEqual({ ok: 5 });
    const pending = (await setsOf(user.id)).filter((set) => set.confirmedAt === null && set.replacedAt === null);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.id).not.toBe(second.setId);
  });

  it("answers for another tenant's user as for a missing one (S28)", async () => {
    const tenant = await createTestTenant();
    const otherTenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await expectAppError(issueWorkingSet(otherTenant, user.id), "NOT_FOUND");
    await expect(setsOf(user.id)).resolves.toEqual([]);
  });
});

describe("confirming saved codes by typing one back (S21)", () => {
  it("checks the code without using it, then makes the set the working one in place of the old", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const old = await issueWorkingSet(tenant, user.id);
    const pending = await issuePendingSet(tenant, user.id);
    // Until confirmed, the new codes do nothing and the old ones still work.
    await expectAppError(consume(tenant, user.id, pending.codes[2]!), "INVALID_CREDENTIALS");
    await expect(consume(tenant, user.id, old.codes[0]!)).resolves.toMatchObject({ remaining: 9 });
    await expect(hasPendingRecoveryCodes({ db, tenant, userId: user.id })).resolves.toBe(true);

    // Typed back the way a person copies from a printout.
    await expect(confirm(tenant, user.id, pending.setId, pending.codes[2]!.toLowerCase().replace(/-/g, " "))).resolves.toBe(pending.setId);
    await expect(db.recoveryCode.count({ where: { setId: pending.setId, usedAt: { not: null } } })).resolves.toBe(0);
    await expect(hasPendingRecoveryCodes({ db, tenant, userId: user.id })).resolves.toBe(false);
    const sets = await setsOf(user.id);
    expect(sets.map((set) => [set.id, set.confirmedAt !== null, set.replacedAt !== null])).toEqual([
      [old.setId, true, true],
      [pending.setId, true, false],
    ]);

    // The typed-back code still signs in, once; the old set is dead.
    await expect(consume(tenant, user.id, pending.codes[2]!)).resolves.toEqual({ remaining: 9, style: "set", isLast: false });
    await expectAppError(consume(tenant, user.id, pending.codes[2]!), "INVALID_CREDENTIALS");
    await expectAppError(consume(tenant, user.id, old.codes[1]!), "INVALID_CREDENTIALS");
    await expect(findRecoveryCodeStatus({ db, tenant, userId: user.id })).resolves.toMatchObject({ total: 10, remaining: 9 });
  });

  it("refuses a wrong or malformed code with a clear message, and changes nothing", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const old = await issueWorkingSet(tenant, user.id);
    const pending = await issuePendingSet(tenant, user.id);
    const other = await issuePendingSet(tenant, (await createTestUser(tenant.id)).id);
    for (const code of [strangerCode(), "1234", other.codes[0]!, old.codes[0]!]) {
      const error = await expectAppError(confirm(tenant, user.id, pending.setId, code), "INVALID_CREDENTIALS");
      expect(error.message).toBe("That isn't one of your new recovery codes. Type any one of the codes you just saved, as it appears in your file or printout.");
    }
    const sets = await setsOf(user.id);
    expect(sets.map((set) => [set.id, set.confirmedAt !== null, set.replacedAt !== null])).toEqual([
      [old.setId, true, false],
      [pending.setId, false, false],
    ]);
    await expect(consume(tenant, user.id, old.codes[0]!)).resolves.toMatchObject({ remaining: 9 });
  });

  it("does not confirm another user's or tenant's pending set, nor one already confirmed (S28)", async () => {
    const tenant = await createTestTenant();
    const otherTenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const someoneElse = await createTestUser(tenant.id);
    const theirs = await issuePendingSet(tenant, someoneElse.id);
    await expectAppError(confirm(tenant, user.id, theirs.setId, theirs.codes[0]!), "NOT_FOUND");
    await expectAppError(confirm(otherTenant, someoneElse.id, theirs.setId, theirs.codes[0]!), "NOT_FOUND");
    await expect(hasPendingRecoveryCodes({ db, tenant, userId: someoneElse.id })).resolves.toBe(true);

    const mine = await issuePendingSet(tenant, user.id);
    await confirm(tenant, user.id, mine.setId, mine.codes[0]!);
    await expectAppError(confirm(tenant, user.id, mine.setId, mine.codes[0]!), "NOT_FOUND");
  });

  it("rolls back with the caller's transaction: a confirmation whose caller then fails leaves the set pending", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const pending = await issuePendingSet(tenant, user.id);
    await expect(
      db.$transaction(async (tx) => {
        await confirmRecoveryCodes({ tx, tenant, userId: user.id, setId: pending.setId, code: pending.codes[0]! });
        throw new Error("the factor could not be activated");
      }),
    ).rejects.toThrow("the factor could not be activated");
    await expect(hasPendingRecoveryCodes({ db, tenant, userId: user.id })).resolves.toBe(true);
    await expectAppError(consume(tenant, user.id, pending.codes[0]!), "INVALID_CREDENTIALS");
  });
});

describe("generating new codes (S23)", () => {
  it("is refused while two-step verification is off, also when a first factor only waits for its codes, and changes nothing", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const error = await expectAppError(regenerateRecoveryCodes({ db, tenant, userId: user.id, context: testContext() }), "CONFLICT");
    expect(error.message).toBe("Recovery codes come with two-step verification. Turn it on first by adding a method.");
    await addFactorRow(tenant, user.id, { waiting: true });
    await expectAppError(regenerateRecoveryCodes({ db, tenant, userId: user.id, context: testContext() }), "CONFLICT");
    await expect(setsOf(user.id)).resolves.toEqual([]);
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up"]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toEqual([]);
  });

  it("kills every old code when it commits, audits, tells the owner, and frees sessions that owed a new set", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await addFactorRow(tenant, user.id);
    const old = await issueWorkingSet(tenant, user.id);
    const pending = await issuePendingSet(tenant, user.id);
    await consume(tenant, user.id, old.codes[0]!);
    const owing = await createSessionRow(tenant, user.id, true);
    const fine = await createSessionRow(tenant, user.id, false);
    const otherUser = await createTestUser(tenant.id);
    const othersSession = await createSessionRow(tenant, otherUser.id, true);

    const fresh = await regenerateRecoveryCodes({ db, tenant, userId: user.id, context: testContext() });
    expect(fresh.codes).toHaveLength(10);
    for (const code of [...old.codes, pending.codes[0]!]) await expectAppError(consume(tenant, user.id, code), "INVALID_CREDENTIALS");
    await expect(consume(tenant, user.id, fresh.codes[9]!)).resolves.toMatchObject({ remaining: 9 });
    const sets = await setsOf(user.id);
    expect(sets.filter((set) => set.replacedAt === null).map((set) => set.id)).toEqual([fresh.setId]);

    const generated = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, userId: user.id, type: "recovery_codes.generated" }, select: { data: true, actorType: true, actorId: true } });
    expect(generated).toEqual({ data: { setId: fresh.setId, style: "set", count: 10 }, actorType: "user", actorId: user.id });
    const notice = (await findMessagesTo(tenant.id, user.email)).find((message) => message.subject.endsWith("New recovery codes were made; the old ones no longer work"));
    expect(notice?.text).toContain("This wasn't me: ");
    for (const code of fresh.codes) expect(notice?.text).not.toContain(code);

    const sessions = await db.session.findMany({ where: { id: { in: [owing, fine, othersSession] } }, select: { id: true, recoveryCodesDue: true } });
    expect(Object.fromEntries(sessions.map((session) => [session.id, session.recoveryCodesDue]))).toEqual({ [owing]: false, [fine]: false, [othersSession]: true });
  });

  it("is all or nothing: when its transaction fails after the new set is written, the old codes still work and the new set never existed", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await addFactorRow(tenant, user.id);
    const old = await issueWorkingSet(tenant, user.id);
    const session = await createSessionRow(tenant, user.id, true);
    // The audit row is written right after the new set: a trigger refuses it for this user only
    // (the database is shared with other test files), so the transaction fails at that point.
    const suffix = randomBytes(6).toString("hex");
    await db.$executeRawUnsafe(`CREATE FUNCTION rekey_test_refuse_${suffix}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused by the test'; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER rekey_test_refuse_${suffix} BEFORE INSERT ON audit_event FOR EACH ROW
      WHEN (NEW."userId" = '${user.id}' AND NEW.type = 'recovery_codes.generated') EXECUTE FUNCTION rekey_test_refuse_${suffix}()`);
    try {
      await expect(regenerateRecoveryCodes({ db, tenant, userId: user.id, context: testContext() })).rejects.toThrow("audit refused by the test");
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER rekey_test_refuse_${suffix} ON audit_event`);
      await db.$executeRawUnsafe(`DROP FUNCTION rekey_test_refuse_${suffix}()`);
    }

    const sets = await setsOf(user.id);
    expect(sets.map((set) => [set.id, set.replacedAt])).toEqual([[old.setId, null]]);
    await expect(db.recoveryCode.count({ where: { set: { userId: user.id } } })).resolves.toBe(10);
    await expect(db.session.findUniqueOrThrow({ where: { id: session }, select: { recoveryCodesDue: true } })).resolves.toEqual({ recoveryCodesDue: true });
    expect((await findMessagesTo(tenant.id, user.email)).filter((message) => message.subject.includes("New recovery codes"))).toEqual([]);
    await expect(consume(tenant, user.id, old.codes[4]!)).resolves.toEqual({ remaining: 9, style: "set", isLast: false });
  });

  it("racing uses of old codes against a regeneration: no old code works once it has committed", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await addFactorRow(tenant, user.id);
    const old = await issueWorkingSet(tenant, user.id);
    const uses = old.codes.slice(0, 6).map((code) => consume(tenant, user.id, code).then(() => "ok" as const, () => "refused" as const));
    const fresh = await regenerateRecoveryCodes({ db, tenant, userId: user.id, context: testContext() });
    const outcomes = await Promise.all(uses);
    // Whatever won the race, every old code is dead now, and each use that succeeded is on record.
    for (const code of old.codes) await expectAppError(consume(tenant, user.id, code), "INVALID_CREDENTIALS");
    const usedOld = await db.recoveryCode.count({ where: { setId: old.setId, usedAt: { not: null } } });
    expect(usedOld).toBe(outcomes.filter((outcome) => outcome === "ok").length);
    await expect(db.recoveryCode.count({ where: { setId: fresh.setId, usedAt: { not: null } } })).resolves.toBe(0);
  });
});
