import { Secret } from "otpauth";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb, getDb } from "../../src/db/client";
import { finishTwoStepSetup, startTwoStepSetup } from "../../src/factors/two-step-setup";
import { activateTotpFactor } from "../../src/factors/totp/activate-totp-factor";
import { maxActiveTotpFactors, startTotpEnrolment } from "../../src/factors/totp/start-totp-enrolment";
import { totpStepAt } from "../../src/factors/totp/totp-parameters";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createTestTenant, createTestUser, findMessagesTo, saveRecoveryCodes } from "../../src/testing";
import { auditTypes, codeAt, enrolActiveApp, expectAppError, pinClockEarlyInStep, tallyCodes, testContext } from "./fixtures";

// Enrolling an authenticator app: the seed is shown once, and the factor works only after the
// person proves the app holds it (S15).

const db = getDb();

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

async function factorRow(id: string) {
  return db.factor.findUniqueOrThrow({ where: { id }, select: { type: true, name: true, verifiedAt: true, activatedAt: true, totpLastStep: true, lastUsedAt: true } });
}

describe("starting an enrolment", () => {
  it("returns a 160-bit key, its groups, an otpauth:// URI for the tenant and account, and a QR code; the factor is pending", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });

    expect(enrolment.secretBase32).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(enrolment.secretBase32).bytes).toHaveLength(20);
    expect(enrolment.secretGroups.replace(/ /g, "")).toBe(enrolment.secretBase32);
    expect(enrolment.secretGroups.split(" ")).toHaveLength(8);

    const uri = new URL(enrolment.otpauthUri);
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/${tenant.name}:${user.email}`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: enrolment.secretBase32, issuer: tenant.name, algorithm: "SHA1", digits: "6", period: "30" });

    expect(enrolment.qrSvg.trimStart()).toMatch(/^<svg[\s>]/);
    expect(enrolment.qrSvg).toContain("</svg>");

    await expect(factorRow(enrolment.factorId)).resolves.toEqual({ type: "totp", name: "Authenticator app", verifiedAt: null, activatedAt: null, totpLastStep: null, lastUsedAt: null });
  });

  it("takes a trimmed name (blank means the default) and an account label, and refuses names over 60 characters", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const named = await startTotpEnrolment({ db, tenant, userId: user.id, name: "  Work phone  ", accountLabel: "ada" });
    await expect(factorRow(named.factorId)).resolves.toMatchObject({ name: "Work phone" });
    expect(decodeURIComponent(new URL(named.otpauthUri).pathname)).toBe(`/${tenant.name}:ada`);

    const blank = await startTotpEnrolment({ db, tenant, userId: user.id, name: "   " });
    await expect(factorRow(blank.factorId)).resolves.toMatchObject({ name: "Authenticator app" });
    await expectAppError(startTotpEnrolment({ db, tenant, userId: user.id, name: "x".repeat(61) }), "BAD_REQUEST");
    const longest = await startTotpEnrolment({ db, tenant, userId: user.id, name: "y".repeat(60) });
    await expect(factorRow(longest.factorId)).resolves.toMatchObject({ name: "y".repeat(60) });
  });

  it("is refused when the tenant does not allow authenticator apps", async () => {
    const tenant = await createTestTenant({ factors: { allowed: ["webauthn"] } });
    const user = await createTestUser(tenant.id);
    await expectAppError(startTotpEnrolment({ db, tenant, userId: user.id }), "FORBIDDEN");
    await expect(db.factor.count({ where: { tenantId: tenant.id } })).resolves.toBe(0);
  });

  it("refuses a user of another tenant as signed out", async () => {
    const tenant = await createTestTenant();
    const elsewhere = await createTestTenant();
    const stranger = await createTestUser(elsewhere.id);
    await expectAppError(startTotpEnrolment({ db, tenant, userId: stranger.id }), "UNAUTHENTICATED");
  });

  it("keeps one pending set-up per person: starting again replaces the unfinished one", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const first = await startTotpEnrolment({ db, tenant, userId: user.id });
    const second = await startTotpEnrolment({ db, tenant, userId: user.id });
    const pending = await db.factor.findMany({ where: { tenantId: tenant.id, userId: user.id, activatedAt: null }, select: { id: true } });
    expect(pending).toEqual([{ id: second.factorId }]);
    expect(second.secretBase32).not.toBe(first.secretBase32);
    await expectAppError(
      activateTotpFactor({ db, tenant, userId: user.id, factorId: first.factorId, code: codeAt(first), context: testContext() }),
      "NOT_FOUND",
    );
  });
});

describe("activating", () => {
  it("a first app is verified by a valid code but waits for its recovery codes: not active, sign-in unchanged, nothing audited or mailed (S21)", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id, name: "Pixel" });
    const step = pinClockEarlyInStep();

    await expect(activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: codeAt(enrolment), context: testContext() })).resolves.toEqual({
      factorId: enrolment.factorId,
      status: "awaiting-recovery-codes",
    });

    const row = await factorRow(enrolment.factorId);
    expect(row.activatedAt).toBeNull();
    expect(row.verifiedAt).toBeInstanceOf(Date);
    // The step is used up all the same (S14).
    expect(row.totpLastStep).toBe(BigInt(step));
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up"]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toEqual([]);
    // Two-step verification is not on yet: the password alone still signs in.
    await expect(signInWithPassword({ db, tenant, email: user.email, password: user.password, context: testContext() })).resolves.toMatchObject({ status: "signed-in" });
  });

  it("saving the recovery codes turns the waiting app on: factor.added, codes generated and two_factor_enabled audited, one notice, sign-in asks for it", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id, name: "Pixel" });
    pinClockEarlyInStep();
    await activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: codeAt(enrolment), context: testContext() });

    const context = testContext();
    const issued = await startTwoStepSetup({ db, tenant, userId: user.id });
    await expect(finishTwoStepSetup({ db, tenant, userId: user.id, setId: issued.setId, code: issued.codes[3]!, context })).resolves.toEqual({
      factorIds: [enrolment.factorId],
    });

    expect((await factorRow(enrolment.factorId)).activatedAt).toBeInstanceOf(Date);
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up", "account.two_factor_enabled", "factor.added", "recovery_codes.generated"]);
    const added = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, userId: user.id, type: "factor.added" }, select: { data: true, ip: true } });
    expect(added).toEqual({ data: { factorId: enrolment.factorId, factorType: "totp", name: "Pixel" }, ip: context.ip });

    const [mail, ...others] = await findMessagesTo(tenant.id, user.email);
    expect(others).toEqual([]);
    expect(mail?.subject).toBe(
      `Security change on your ${tenant.name} account: Two-step verification was turned on with an authenticator app (“Pixel”), and recovery codes were saved`,
    );
    expect(mail?.text).toContain(context.ip);
    expect(mail?.text).toContain("Firefox 125 on Linux");
    expect(mail?.text).toMatch(/This wasn't me: \S+\/not-me#token=/);
    expect(mail?.text).not.toContain(enrolment.secretBase32);
    for (const code of issued.codes) expect(mail?.text).not.toContain(code);

    await expect(signInWithPassword({ db, tenant, email: user.email, password: user.password, context: testContext() })).resolves.toMatchObject({
      status: "second-factor-required",
      methods: { totp: true, webauthn: false, sms: [], recoveryCode: true },
    });
  });

  it("accepts the codes of T-1 and T+1 too (an app's clock a little off), but nothing further out", async () => {
    const tenant = await createTestTenant({ signIn: { maxFailuresPerAccount: 20 } });
    for (const offset of [-1, 1]) {
      const user = await createTestUser(tenant.id);
      const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
      const step = pinClockEarlyInStep();
      for (const far of [-2, 2]) {
        await expectAppError(activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: codeAt(enrolment, far), context: testContext() }), "INVALID_CREDENTIALS");
      }
      await activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: codeAt(enrolment, offset), context: testContext() });
      await expect(factorRow(enrolment.factorId)).resolves.toMatchObject({ totpLastStep: BigInt(step + offset) });
      vi.useRealTimers();
    }
  });

  it("a second app, added once two-step verification is on, is active at once with its own factor.added and notice", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    pinClockEarlyInStep();
    await enrolActiveApp(tenant, user.id, "Phone");
    const second = await startTotpEnrolment({ db, tenant, userId: user.id, name: "Tablet" });
    await expect(activateTotpFactor({ db, tenant, userId: user.id, factorId: second.factorId, code: codeAt(second), context: testContext() })).resolves.toEqual({
      factorId: second.factorId,
      status: "active",
    });
    expect((await factorRow(second.factorId)).activatedAt).toBeInstanceOf(Date);
    // Two-step verification is announced once, by the first app's set-up; no new codes either.
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up", "account.two_factor_enabled", "factor.added", "factor.added", "recovery_codes.generated"]);
    const [latest, ...earlier] = await findMessagesTo(tenant.id, user.email);
    expect(latest?.subject).toBe(`Security change on your ${tenant.name} account: An authenticator app ("Tablet") was added`);
    expect(earlier.map((mail) => mail.subject)).toEqual([expect.stringContaining("Two-step verification was turned on with an authenticator app (“Phone”)")]);
  });

  it("keeps a first app that waits for its recovery codes when another app is set up meanwhile: both turn on with the codes", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    pinClockEarlyInStep();
    const phone = await startTotpEnrolment({ db, tenant, userId: user.id, name: "Phone" });
    await activateTotpFactor({ db, tenant, userId: user.id, factorId: phone.factorId, code: codeAt(phone), context: testContext() });
    // A set-up that was never finished is replaced; a verified app is not an unfinished set-up.
    const abandoned = await startTotpEnrolment({ db, tenant, userId: user.id, name: "Abandoned" });
    const tablet = await startTotpEnrolment({ db, tenant, userId: user.id, name: "Tablet" });
    await expect(db.factor.count({ where: { id: abandoned.factorId } })).resolves.toBe(0);
    await expect(activateTotpFactor({ db, tenant, userId: user.id, factorId: tablet.factorId, code: codeAt(tablet), context: testContext() })).resolves.toEqual({
      factorId: tablet.factorId,
      status: "awaiting-recovery-codes",
    });

    await saveRecoveryCodes(tenant, user.id);
    expect((await factorRow(phone.factorId)).activatedAt).toBeInstanceOf(Date);
    expect((await factorRow(tablet.factorId)).activatedAt).toBeInstanceOf(Date);
    const [mail, ...others] = await findMessagesTo(tenant.id, user.email);
    expect(others).toEqual([]);
    expect(mail?.subject).toMatch(/Two-step verification was turned on with an authenticator app \(“Phone”\) and an authenticator app \(“Tablet”\)/);
  });

  it("does not activate on a wrong or malformed code, and changes nothing", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    pinClockEarlyInStep();
    const right = codeAt(enrolment);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    for (const code of [wrong, "", "12345", "abcdef", `${right}1`]) {
      const error = await expectAppError(activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code, context: testContext() }), "INVALID_CREDENTIALS");
      expect(error.message).toMatch(/^That code didn't work/);
    }
    await expect(factorRow(enrolment.factorId)).resolves.toMatchObject({ verifiedAt: null, activatedAt: null, totpLastStep: null });
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up"]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toEqual([]);
  });

  it("accepts a code typed with spaces, as apps display it", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    pinClockEarlyInStep();
    const code = codeAt(enrolment);
    await activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: ` ${code.slice(0, 3)} ${code.slice(3)} `, context: testContext() });
    await expect(factorRow(enrolment.factorId)).resolves.toMatchObject({ totpLastStep: BigInt(totpStepAt(new Date())) });
  });

  it("cannot be activated twice, nor by another user or through another tenant (same answer as a missing set-up)", async () => {
    const tenant = await createTestTenant();
    const owner = await createTestUser(tenant.id);
    const other = await createTestUser(tenant.id);
    const elsewhere = await createTestTenant();
    const enrolment = await startTotpEnrolment({ db, tenant, userId: owner.id });
    pinClockEarlyInStep();
    await expectAppError(activateTotpFactor({ db, tenant, userId: other.id, factorId: enrolment.factorId, code: codeAt(enrolment), context: testContext() }), "NOT_FOUND");
    await expectAppError(
      activateTotpFactor({ db, tenant: elsewhere, userId: owner.id, factorId: enrolment.factorId, code: codeAt(enrolment), context: testContext() }),
      "NOT_FOUND",
    );
    await activateTotpFactor({ db, tenant, userId: owner.id, factorId: enrolment.factorId, code: codeAt(enrolment, -1), context: testContext() });
    // Verified, waiting for its recovery codes: not a set-up to finish again.
    await expectAppError(activateTotpFactor({ db, tenant, userId: owner.id, factorId: enrolment.factorId, code: codeAt(enrolment), context: testContext() }), "NOT_FOUND");
    await expect(db.factor.count({ where: { tenantId: tenant.id, verifiedAt: { not: null } } })).resolves.toBe(1);
    // Nor once it is on.
    await saveRecoveryCodes(tenant, owner.id);
    await expectAppError(activateTotpFactor({ db, tenant, userId: owner.id, factorId: enrolment.factorId, code: codeAt(enrolment, 1), context: testContext() }), "NOT_FOUND");
    await expect(db.factor.count({ where: { tenantId: tenant.id, activatedAt: { not: null } } })).resolves.toBe(1);
  });

  it("verifies once when the same valid code is submitted 5 times at once; turning on then audits one factor.added and sends one notice", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    pinClockEarlyInStep();
    const code = codeAt(enrolment);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code, context: testContext() })),
    );
    expect(tallyCodes(results)).toEqual({ ok: 1, NOT_FOUND: 4 });
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up"]);
    await saveRecoveryCodes(tenant, user.id);
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up", "account.two_factor_enabled", "factor.added", "recovery_codes.generated"]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toHaveLength(1);
  });

  it("allows at most 10 active apps per person", async () => {
    const tenant = await createTestTenant({ signIn: { maxFailuresPerAccount: 50 } });
    const user = await createTestUser(tenant.id);
    pinClockEarlyInStep();
    for (let index = 0; index < maxActiveTotpFactors; index += 1) await enrolActiveApp(tenant, user.id, `App ${index + 1}`);
    await expectAppError(startTotpEnrolment({ db, tenant, userId: user.id }), "CONFLICT");
    await expect(db.factor.count({ where: { tenantId: tenant.id, userId: user.id } })).resolves.toBe(maxActiveTotpFactors);
  });

  it("is refused when the tenant stopped allowing authenticator apps after the set-up began", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    const restricted = { ...tenant, policy: { ...tenant.policy, factors: { ...tenant.policy.factors, allowed: ["webauthn" as const] } } };
    await expectAppError(activateTotpFactor({ db, tenant: restricted, userId: user.id, factorId: enrolment.factorId, code: codeAt(enrolment), context: testContext() }), "FORBIDDEN");
    await expect(factorRow(enrolment.factorId)).resolves.toMatchObject({ verifiedAt: null, activatedAt: null });
  });
});

describe("guessing the activation code", () => {
  it("is throttled per user: past the limit even the right code is refused, also when guesses race", async () => {
    const tenant = await createTestTenant({ signIn: { maxFailuresPerAccount: 3 } });
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    pinClockEarlyInStep();
    const right = codeAt(enrolment);
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, "0");
    const guesses = await Promise.allSettled(
      Array.from({ length: 12 }, () => activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: wrong, context: testContext() })),
    );
    expect(tallyCodes(guesses)).toEqual({ INVALID_CREDENTIALS: 3, RATE_LIMITED: 9 });

    const refused = await expectAppError(activateTotpFactor({ db, tenant, userId: user.id, factorId: enrolment.factorId, code: right, context: testContext() }), "RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    await expect(factorRow(enrolment.factorId)).resolves.toMatchObject({ verifiedAt: null, activatedAt: null });
  });
});
