import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { activateTotpFactor } from "../../src/factors/totp/activate-totp-factor";
import { startTotpEnrolment } from "../../src/factors/totp/start-totp-enrolment";
import { generateTotpForStep } from "../../src/factors/totp/totp-parameters";
import { totpThrottleSubject, verifyTotpCode } from "../../src/factors/totp/verify-totp-code";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createTestTenant, createTestUser, findMessagesTo, saveRecoveryCodes } from "../../src/testing";
import { codeAt, enrolActiveApp, expectAppError, pinClockEarlyInStep, seedOf, tallyCodes, testContext } from "./fixtures";

// Someone who has seen a code (over a shoulder, through a phishing proxy, in a replayed request)
// tries to use it again, or to use a code that was never meant to work (S13-S15).

const db = getDb();

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function auditCount(tenantId: string, userId: string, type: "factor.used" | "factor.totp_replay_refused") {
  return db.auditEvent.count({ where: { tenantId, userId, type } });
}

describe("replaying a TOTP code (S14)", () => {
  it("refuses at sign-in the code that activated the app (same step), and logs the replay", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    pinClockEarlyInStep();
    const code = codeAt(enrolment);
    await activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code, context: testContext() });
    // The first app turns on once its recovery codes are saved (S21); its step stays used.
    await saveRecoveryCodes(tenant, user.id);

    await expectAppError(verifyTotpCode({ db, tenant, userId: user.id, code, context: testContext() }), "INVALID_CREDENTIALS");
    await expect(auditCount(tenant.id, user.id, "factor.totp_replay_refused")).resolves.toBe(1);
    await expect(auditCount(tenant.id, user.id, "factor.used")).resolves.toBe(0);
    // An older step's code is no better than the same one.
    await expectAppError(verifyTotpCode({ db, tenant, userId: user.id, code: codeAt(enrolment, -1), context: testContext() }), "INVALID_CREDENTIALS");
    // The next step's code is the one that works.
    await expect(verifyTotpCode({ db, tenant, userId: user.id, code: codeAt(enrolment, 1), context: testContext() })).resolves.toEqual({ factorId: enrolment.factorId });
  });

  it("accepts one code raced 20 times exactly once; the other 19 get the wrong-code answer and are logged", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const step = pinClockEarlyInStep();
    const enrolment = await enrolActiveApp(tenant, user.id);
    const code = codeAt(enrolment);

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => verifyTotpCode({ db, tenant, userId: user.id, code, context: testContext() })));
    expect(tallyCodes(results)).toEqual({ ok: 1, INVALID_CREDENTIALS: 19 });
    for (const result of results) {
      if (result.status === "fulfilled") expect(result.value).toEqual({ factorId: enrolment.factorId });
    }
    await expect(auditCount(tenant.id, user.id, "factor.used")).resolves.toBe(1);
    await expect(auditCount(tenant.id, user.id, "factor.totp_replay_refused")).resolves.toBe(19);
    const replay = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, userId: user.id, type: "factor.totp_replay_refused" }, select: { data: true, actorType: true } });
    expect(replay).toEqual({ data: { factorId: enrolment.factorId, step }, actorType: "anonymous" });

    const factor = await db.factor.findUniqueOrThrow({ where: { id: enrolment.factorId }, select: { totpLastStep: true, lastUsedAt: true } });
    expect(factor.totpLastStep).toBe(BigInt(step));
    expect(factor.lastUsedAt).toBeInstanceOf(Date);
    // Told once, not 19 times: the notice is about the event, not each request.
    const notices = (await findMessagesTo(tenant.id, user.email)).filter((message) => message.subject.endsWith('A reused code from your authenticator app ("Authenticator app") was refused'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).not.toContain(code);
  });

  it("accepts each of T-1, T and T+1 once, in order, and never a step at or before the last accepted one", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolledAt = pinClockEarlyInStep();
    const enrolment = await enrolActiveApp(tenant, user.id);
    // Ten minutes later, by the server's clock (the only clock that counts, S13).
    const step = enrolledAt + 20;
    vi.setSystemTime(step * 30_000 + 5_000);
    const seed = seedOf(enrolment);
    const at = (offset: number) => generateTotpForStep(seed, step + offset);

    for (const far of [-2, 2, -3, 3]) {
      await expectAppError(verifyTotpCode({ db, tenant, userId: user.id, code: at(far), context: testContext() }), "INVALID_CREDENTIALS");
    }
    // Out of the window is a wrong code, not a replay.
    await expect(auditCount(tenant.id, user.id, "factor.totp_replay_refused")).resolves.toBe(0);
    for (const offset of [-1, 0, 1]) {
      await expect(verifyTotpCode({ db, tenant, userId: user.id, code: at(offset), context: testContext() })).resolves.toEqual({ factorId: enrolment.factorId });
    }
    for (const offset of [-1, 0, 1]) {
      await expectAppError(verifyTotpCode({ db, tenant, userId: user.id, code: at(offset), context: testContext() }), "INVALID_CREDENTIALS");
    }
    await expect(auditCount(tenant.id, user.id, "factor.used")).resolves.toBe(3);
  });
});

describe("codes that must never work", () => {
  it("an unactivated app's code is refused, and the attempt consumes nothing", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    pinClockEarlyInStep();
    await expectAppError(verifyTotpCode({ db, tenant, userId: user.id, code: codeAt(enrolment), context: testContext() }), "INVALID_CREDENTIALS");
    await expect(db.factor.findUniqueOrThrow({ where: { id: enrolment.factorId }, select: { totpLastStep: true, activatedAt: true } })).resolves.toEqual({
      totpLastStep: null,
      activatedAt: null,
    });
    // It can still be activated with that code afterwards: nothing was used up.
    await activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: codeAt(enrolment), context: testContext() });
  });

  it("another user's code is refused, in the same tenant and through another tenant", async () => {
    const tenant = await createTestTenant();
    const victim = await createTestUser(tenant.id);
    const attacker = await createTestUser(tenant.id);
    const otherTenant = await createTestTenant();
    pinClockEarlyInStep();
    const enrolment = await enrolActiveApp(tenant, victim.id);
    await enrolActiveApp(tenant, attacker.id);
    const code = codeAt(enrolment);

    await expectAppError(verifyTotpCode({ db, tenant, userId: attacker.id, code, context: testContext() }), "INVALID_CREDENTIALS");
    await expectAppError(verifyTotpCode({ db, tenant: otherTenant, userId: victim.id, code, context: testContext() }), "INVALID_CREDENTIALS");
    // Neither attempt touched the victim's factor: the code still works for its owner.
    await expect(verifyTotpCode({ db, tenant, userId: victim.id, code, context: testContext() })).resolves.toEqual({ factorId: enrolment.factorId });
  });

  it.each(["", "12345", "1234567", "abcdef", "12345x", "' OR 1=1 --"])("malformed input %j is refused before any database work", async (code) => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const findMany = vi.spyOn(db.factor, "findMany");
    try {
      await expectAppError(verifyTotpCode({ db, tenant, userId: user.id, code, context: testContext() }), "INVALID_CREDENTIALS");
      expect(findMany).not.toHaveBeenCalled();
      // The spy does see the lookup a well-formed code makes.
      await expectAppError(verifyTotpCode({ db, tenant, userId: user.id, code: "123 456", context: testContext() }), "INVALID_CREDENTIALS");
      expect(findMany).toHaveBeenCalledTimes(1);
    } finally {
      findMany.mockRestore();
    }
  });

  it("a user without an authenticator app gets the wrong-code answer", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await expectAppError(verifyTotpCode({ db, tenant, userId: user.id, code: "123456", context: testContext() }), "INVALID_CREDENTIALS");
  });
});

describe("several apps", () => {
  it("accepts a code from any of the user's active apps and says which one", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    pinClockEarlyInStep();
    const phone = await enrolActiveApp(tenant, user.id, "Phone");
    const tablet = await enrolActiveApp(tenant, user.id, "Tablet");
    await expect(verifyTotpCode({ db, tenant, userId: user.id, code: codeAt(tablet), context: testContext() })).resolves.toEqual({ factorId: tablet.factorId });
    await expect(verifyTotpCode({ db, tenant, userId: user.id, code: codeAt(phone), context: testContext() })).resolves.toEqual({ factorId: phone.factorId });
  });

  it("shares one throttle subject with every second factor", () => {
    expect(totpThrottleSubject("usr_abc")).toBe("second-factor:usr_abc");
  });
});
