import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { consumeRecoveryCode } from "../../src/recovery-codes/consume-recovery-code";
import { findRecoveryCodeStatus } from "../../src/recovery-codes/find-recovery-code-status";
import { regenerateRecoveryCodes } from "../../src/recovery-codes/regenerate-recovery-codes";
import { createTestTenant, createTestUser, findMessagesTo } from "../../src/testing";
import { addFactorRow, auditTypes, expectAppError, issuePendingSet, issueWorkingSet, strangerCode, tallyCodes, testContext } from "./fixtures";

// Someone holds a code that should not work any more (used, replaced, never confirmed), races a
// good one to use it twice, or guesses; or a code of one account is tried on another (S19-S22, S28).

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function consume(tenant: Awaited<ReturnType<typeof createTestTenant>>, userId: string, code: string) {
  return consumeRecoveryCode({ db, tenant, userId, code, context: testContext() });
}

function usedCount(setId: string) {
  return db.recoveryCode.count({ where: { setId, usedAt: { not: null } } });
}

describe("using one recovery code twice (S22)", () => {
  it("accepts a code raced 20 times at once exactly once; the other 19 get the wrong-code answer", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { setId, codes } = await issueWorkingSet(tenant, user.id);
    const code = codes[3]!;

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => consume(tenant, user.id, code)));
    expect(tallyCodes(results)).toEqual({ ok: 1, INVALID_CREDENTIALS: 19 });
    expect(results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []))).toEqual([{ remaining: 9, style: "set", isLast: false }]);

    await expect(usedCount(setId)).resolves.toBe(1);
    const used = await db.recoveryCode.findFirstOrThrow({ where: { setId, usedAt: { not: null } }, select: { position: true, usedHint: true, usedIp: true } });
    expect(used.position).toBe(4);
    expect(used.usedHint).toBe(code.slice(-4));
    expect(used.usedIp).toMatch(/^192\.0\.2\./);
    await expect(db.auditEvent.count({ where: { tenantId: tenant.id, userId: user.id, type: "recovery_codes.used" } })).resolves.toBe(1);
    const notices = (await findMessagesTo(tenant.id, user.email)).filter((message) => message.subject.includes("A recovery code was used to sign in"));
    expect(notices).toHaveLength(1);
  });

  it("lets two different codes raced together both work, each counting what the other left", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { codes } = await issueWorkingSet(tenant, user.id);
    const results = await Promise.all(codes.slice(0, 4).map((code) => consume(tenant, user.id, code)));
    expect(results.map((result) => result.remaining).sort((a, b) => a - b)).toEqual([6, 7, 8, 9]);
  });
});

describe("codes that must not work all get the same answer (S22)", () => {
  it("refuses a used, a replaced, a pending, a malformed and a wrong code, and an account without codes, with one code and one message", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await addFactorRow(tenant, user.id);
    const old = await issueWorkingSet(tenant, user.id);
    await consume(tenant, user.id, old.codes[0]!);
    const current = await regenerateRecoveryCodes({ db, tenant, userId: user.id, context: testContext() });
    await consume(tenant, user.id, current.codes[0]!);
    const pending = await issuePendingSet(tenant, user.id);
    const noCodes = await createTestUser(tenant.id);

    const attempts: Record<string, string | { userId: string; code: string }> = {
      used: current.codes[0]!,
      "old set, never used": old.codes[1]!,
      "old set, used": old.codes[0]!,
      pending: pending.codes[0]!,
      wrong: strangerCode(),
      malformed: "not a code",
      "U, not in the alphabet": "UUUU-UUUU-UUUU-UUUU",
      "an account without codes": { userId: noCodes.id, code: strangerCode() },
    };
    const errors: Record<string, { code: string; message: string }> = {};
    for (const [label, attempt] of Object.entries(attempts)) {
      const { userId, code } = typeof attempt === "string" ? { userId: user.id, code: attempt } : attempt;
      const error = await expectAppError(consume(tenant, userId, code), "INVALID_CREDENTIALS");
      errors[label] = { code: error.code, message: error.message };
    }
    const answers = new Set(Object.values(errors).map((error) => JSON.stringify(error)));
    expect(answers.size).toBe(1);
    expect(errors.wrong?.message).toBe("That recovery code didn't work. Check it against your saved codes; each code works only once.");
    // The answer never echoes what was typed (S3).
    expect(errors.pending?.message).not.toContain(pending.codes[0]!.slice(-4));

    // None of them changed anything: the current set lost exactly the one code used above.
    await expect(usedCount(current.setId)).resolves.toBe(1);
    await expect(usedCount(pending.setId)).resolves.toBe(0);
    await expect(usedCount(old.setId)).resolves.toBe(1);
    await expect(db.auditEvent.count({ where: { tenantId: tenant.id, userId: user.id, type: "recovery_codes.used" } })).resolves.toBe(2);
  });

  it("accepts a code typed sloppily: lower case, spaces for dashes, I, L and O for 1 and 0 (S20)", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { codes } = await issueWorkingSet(tenant, user.id);
    const code = codes[0]!;
    const sloppy = ` ${code.toLowerCase().replace(/-/g, " ").replace(/1/g, "l").replace(/0/g, "O")} `;
    await expect(consume(tenant, user.id, sloppy)).resolves.toEqual({ remaining: 9, style: "set", isLast: false });
    await expectAppError(consume(tenant, user.id, code), "INVALID_CREDENTIALS");
  });
});

describe("a code of one account tried on another (S28)", () => {
  it("answers another user's code, in the same tenant or across tenants, like a wrong one, and leaves it unused", async () => {
    const tenant = await createTestTenant();
    const otherTenant = await createTestTenant();
    const victim = await createTestUser(tenant.id);
    const attacker = await createTestUser(tenant.id);
    const stranger = await createTestUser(otherTenant.id);
    const victimCodes = await issueWorkingSet(tenant, victim.id);
    await issueWorkingSet(tenant, attacker.id);
    await issueWorkingSet(otherTenant, stranger.id);

    const wrong = await expectAppError(consume(tenant, victim.id, strangerCode()), "INVALID_CREDENTIALS");
    const sameTenant = await expectAppError(consume(tenant, attacker.id, victimCodes.codes[0]!), "INVALID_CREDENTIALS");
    const otherTenantUser = await expectAppError(consume(otherTenant, stranger.id, victimCodes.codes[0]!), "INVALID_CREDENTIALS");
    // The victim's user id under another tenant: the tenant scopes the set, not just the user.
    const wrongTenantForUser = await expectAppError(consume(otherTenant, victim.id, victimCodes.codes[0]!), "INVALID_CREDENTIALS");
    for (const error of [sameTenant, otherTenantUser, wrongTenantForUser]) expect(error.message).toBe(wrong.message);

    await expect(usedCount(victimCodes.setId)).resolves.toBe(0);
    await expect(consume(tenant, victim.id, victimCodes.codes[0]!)).resolves.toMatchObject({ remaining: 9 });
  });
});

describe("running out of codes (S23)", () => {
  it("warns at the tenant's threshold, and the last code says so: isLast, none left, a last_used audit row and a notice", async () => {
    const tenant = await createTestTenant({ recoveryCodes: { count: 8, warnAtOrBelow: 3 } });
    const user = await createTestUser(tenant.id);
    const { setId, codes } = await issueWorkingSet(tenant, user.id);
    expect(codes).toHaveLength(8);

    const seen: { remaining: number; isLast: boolean; warn: boolean }[] = [];
    for (const code of codes) {
      const result = await consume(tenant, user.id, code);
      const status = await findRecoveryCodeStatus({ db, tenant, userId: user.id });
      seen.push({ remaining: result.remaining, isLast: result.isLast, warn: status?.warn ?? false });
    }
    expect(seen).toEqual([
      { remaining: 7, isLast: false, warn: false },
      { remaining: 6, isLast: false, warn: false },
      { remaining: 5, isLast: false, warn: false },
      { remaining: 4, isLast: false, warn: false },
      { remaining: 3, isLast: false, warn: true },
      { remaining: 2, isLast: false, warn: true },
      { remaining: 1, isLast: false, warn: true },
      { remaining: 0, isLast: true, warn: true },
    ]);

    const types = await auditTypes(tenant.id, user.id);
    expect(types.filter((type) => type === "recovery_codes.used")).toHaveLength(8);
    expect(types.filter((type) => type === "recovery_codes.last_used")).toHaveLength(1);
    const lastUsed = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, userId: user.id, type: "recovery_codes.last_used" }, select: { data: true, actorType: true } });
    expect(lastUsed).toEqual({ data: { setId }, actorType: "user" });
    const lastUse = await db.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, userId: user.id, type: "recovery_codes.used", data: { path: ["remaining"], equals: 0 } },
      select: { data: true },
    });
    expect(lastUse.data).toEqual({ setId, position: 8, remaining: 0 });

    const messages = await findMessagesTo(tenant.id, user.email);
    const last = messages.find((message) => message.subject.endsWith("A recovery code was used to sign in; none left"));
    expect(last).toBeDefined();
    expect(last?.text).toContain("This wasn't me: ");
    expect(last?.text).toContain("Firefox 125 on Linux");
    expect(messages.filter((message) => message.subject.endsWith("A recovery code was used to sign in; 7 left"))).toHaveLength(1);
    for (const message of messages) {
      for (const code of codes) expect(`${message.subject}\n${message.text}\n${message.html}`).not.toContain(code);
    }

    // Every code is spent: even the right ones now get the wrong-code answer.
    await expectAppError(consume(tenant, user.id, codes[7]!), "INVALID_CREDENTIALS");
  });
});

describe("the security page's view of the codes (S21)", () => {
  it("shows how many are left and when, where and in which browser each was used, never a code or a hash", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await expect(findRecoveryCodeStatus({ db, tenant, userId: user.id })).resolves.toBeNull();
    await issuePendingSet(tenant, user.id);
    // A set that was never confirmed is not the user's codes yet.
    await expect(findRecoveryCodeStatus({ db, tenant, userId: user.id })).resolves.toBeNull();

    const { codes } = await issueWorkingSet(tenant, user.id);
    await consume(tenant, user.id, codes[6]!);
    await consume(tenant, user.id, codes[1]!);
    const status = await findRecoveryCodeStatus({ db, tenant, userId: user.id });
    expect(status).toMatchObject({ style: "set", total: 10, remaining: 8, warn: false });
    expect(status?.used.map((use) => [use.position, use.maskedCode, use.browser, use.os])).toEqual([
      [7, `••••-••••-••••-${codes[6]!.slice(-4)}`, "Firefox 125", "Linux"],
      [2, `••••-••••-••••-${codes[1]!.slice(-4)}`, "Firefox 125", "Linux"],
    ]);
    expect(status?.used[0]?.ip).toMatch(/^192\.0\.2\./);
    expect(status?.used[0]?.usedAt).toBeInstanceOf(Date);

    const shown = JSON.stringify(status);
    for (const code of codes) {
      expect(shown).not.toContain(code);
      expect(shown).not.toContain(code.replace(/-/g, ""));
    }
    expect(shown).not.toContain("argon2");
  });

  it("does not show another tenant's codes for the same user id (S28)", async () => {
    const tenant = await createTestTenant();
    const otherTenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await issueWorkingSet(tenant, user.id);
    await expect(findRecoveryCodeStatus({ db, tenant: otherTenant, userId: user.id })).resolves.toBeNull();
  });
});
