import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb, getDb } from "../../src/db/client";
import { activatePhoneFactor } from "../../src/factors/sms/activate-phone-factor";
import { addPhoneFactor } from "../../src/factors/sms/add-phone-factor";
import { sendSmsCode } from "../../src/factors/sms/send-sms-code";
import { smsRiskWarning } from "../../src/factors/sms/sms-risk";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createTestTenant, createTestUser, findMessagesTo, saveRecoveryCodes } from "../../src/testing";
import { context, createSignInChallenge, endCooldown, expectAppError, latestCodeTo, tallyCodes, ukMobile } from "./fixtures";

// Adding a phone: validated, allowed by the tenant, and only usable after the code texted to it
// comes back (the same rule as S15 for authenticator apps).

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

async function auditTypes(tenantId: string) {
  const rows = await db.auditEvent.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" }, select: { type: true } });
  return rows.map((row) => row.type);
}

describe("adding a phone", () => {
  it("stores it in E.164 unverified, texts an enrolment code, and verifies it with that code; as the first factor it waits for the recovery codes (S21)", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const local = ukMobile().slice(3);
    const typed = `+44 (0)${local.slice(0, 4)} ${local.slice(4)}`;
    const added = await addPhoneFactor({ db, tenant, userId: user.id, phone: typed, context });
    const phone = `+44${local}`;
    expect(added.maskedPhone).toBe(`+44...${phone.slice(-4)}`);
    const factor = await db.factor.findUniqueOrThrow({ where: { id: added.factorId }, select: { type: true, phoneE164: true, name: true, verifiedAt: true, activatedAt: true } });
    expect(factor).toEqual({ type: "sms", phoneE164: phone, name: `Phone ending ${phone.slice(-4)}`, verifiedAt: null, activatedAt: null });

    const code = await latestCodeTo(tenant.id, phone);
    await expectAppError(activatePhoneFactor({ db, tenant, userId: user.id, factorId: added.factorId, code: code === "000000" ? "111111" : "000000", context }), "INVALID_CREDENTIALS");
    await expect(activatePhoneFactor({ db, tenant, userId: user.id, factorId: added.factorId, code, context })).resolves.toEqual({
      factorId: added.factorId,
      status: "awaiting-recovery-codes",
    });
    const verified = await db.factor.findUniqueOrThrow({ where: { id: added.factorId }, select: { verifiedAt: true, activatedAt: true } });
    expect(verified.verifiedAt).toBeInstanceOf(Date);
    expect(verified.activatedAt).toBeNull();
    const turnedOn = ["factor.added", "recovery_codes.generated", "account.two_factor_enabled"];
    expect((await auditTypes(tenant.id)).filter((type) => turnedOn.includes(type))).toEqual([]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toEqual([]);
    // Not on yet: the password alone still signs in.
    await expect(signInWithPassword({ db, tenant, email: user.email, password: user.password, context })).resolves.toMatchObject({ status: "signed-in" });

    await saveRecoveryCodes(tenant, user.id);
    const active = await db.factor.findUniqueOrThrow({ where: { id: added.factorId }, select: { activatedAt: true } });
    expect(active.activatedAt).toBeInstanceOf(Date);
    // One transaction: its rows share a timestamp, so their order is not asserted.
    expect((await auditTypes(tenant.id)).filter((type) => turnedOn.includes(type)).sort()).toEqual([...turnedOn].sort());
    const [notice, ...others] = await findMessagesTo(tenant.id, user.email);
    expect(others).toEqual([]);
    expect(notice?.subject).toBe(
      `Security change on your ${tenant.name} account: Two-step verification was turned on with text messages to +44...${phone.slice(-4)}, and recovery codes were saved`,
    );
    expect(notice?.text).not.toContain(phone);
    await expect(signInWithPassword({ db, tenant, email: user.email, password: user.password, context })).resolves.toMatchObject({
      status: "second-factor-required",
      methods: { totp: false, webauthn: false, sms: [{ factorId: added.factorId, maskedPhone: `+44...${phone.slice(-4)}` }], recoveryCode: true },
    });
    // The code was used up by the verification; the failed guess counted, the success cleared it.
    await expectAppError(activatePhoneFactor({ db, tenant, userId: user.id, factorId: added.factorId, code, context }), "INVALID_CREDENTIALS");
  });

  it("a phone added once two-step verification is on is active at once, with its own factor.added and notice", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const first = ukMobile();
    const firstAdded = await addPhoneFactor({ db, tenant, userId: user.id, phone: first, context });
    await activatePhoneFactor({ db, tenant, userId: user.id, factorId: firstAdded.factorId, code: await latestCodeTo(tenant.id, first), context });
    await saveRecoveryCodes(tenant, user.id);

    const second = ukMobile();
    const { factorId } = await addPhoneFactor({ db, tenant, userId: user.id, phone: second, name: "Work phone", context });
    await expect(activatePhoneFactor({ db, tenant, userId: user.id, factorId, code: await latestCodeTo(tenant.id, second), context })).resolves.toEqual({ factorId, status: "active" });
    const row = await db.factor.findUniqueOrThrow({ where: { id: factorId }, select: { verifiedAt: true, activatedAt: true } });
    expect(row.activatedAt).toBeInstanceOf(Date);
    const types = await auditTypes(tenant.id);
    expect(types.filter((type) => type === "factor.added")).toHaveLength(2);
    expect(types.filter((type) => type === "account.two_factor_enabled")).toHaveLength(1);
    const added = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, type: "factor.added", data: { path: ["factorId"], equals: factorId } }, select: { data: true } });
    expect(added.data).toEqual({ factorId, factorType: "sms", name: "Work phone", phone: `+44...${second.slice(-4)}` });
    const [latest, ...earlier] = await findMessagesTo(tenant.id, user.email);
    expect(earlier).toHaveLength(1);
    expect(latest?.subject).toBe(`Security change on your ${tenant.name} account: The phone number +44...${second.slice(-4)} was added for text-message codes`);
  });

  it("verifies once when the right code is submitted 20 times at once", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const phone = ukMobile();
    const { factorId } = await addPhoneFactor({ db, tenant, userId: user.id, phone, name: "Work phone", context });
    const code = await latestCodeTo(tenant.id, phone);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => activatePhoneFactor({ db, tenant, userId: user.id, factorId, code, context })));
    expect(tallyCodes(results).ok).toBe(1);
    await expect(db.factor.count({ where: { id: factorId, verifiedAt: { not: null } } })).resolves.toBe(1);
    await saveRecoveryCodes(tenant, user.id);
    expect((await auditTypes(tenant.id)).filter((type) => type === "factor.added")).toHaveLength(1);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toHaveLength(1);
  });

  it("binds the enrolment code to the session that added the phone", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const challengeId = await createSignInChallenge(tenant.id, user.id);
    const phone = ukMobile();
    const { factorId } = await addPhoneFactor({ db, tenant, userId: user.id, phone, challengeId, context });
    const code = await latestCodeTo(tenant.id, phone);
    await expectAppError(activatePhoneFactor({ db, tenant, userId: user.id, factorId, code, context }), "INVALID_CREDENTIALS");
    await expect(activatePhoneFactor({ db, tenant, userId: user.id, factorId, code, challengeId, context })).resolves.toEqual({ factorId, status: "awaiting-recovery-codes" });
  });

  it("is refused with FORBIDDEN when the tenant does not allow SMS", async () => {
    const tenant = await createTestTenant({ factors: { allowed: ["totp", "webauthn"] } });
    const user = await createTestUser(tenant.id);
    await expectAppError(addPhoneFactor({ db, tenant, userId: user.id, phone: ukMobile(), context }), "FORBIDDEN");
    expect(await db.factor.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { tenantId: tenant.id, channel: "sms" } })).toBe(0);
  });

  it("refuses an invalid number, a number without country code, a landline and a premium-rate number with BAD_REQUEST", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    for (const phone of ["", "not a phone", "07400 123456", "+44 12", "+999 1234 5678", "+44 20 7946 0018", "+44 909 879 0000", `+44${"7".repeat(60)}`]) {
      await expectAppError(addPhoneFactor({ db, tenant, userId: user.id, phone, context }), "BAD_REQUEST");
    }
    expect(await db.factor.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("refuses a number already verified on the account, and reuses a pending one", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const phone = ukMobile();
    const first = await addPhoneFactor({ db, tenant, userId: user.id, phone, context });
    // Adding it again before verifying: the same pending phone, and the resend cooldown applies.
    await expectAppError(addPhoneFactor({ db, tenant, userId: user.id, phone, context }), "RATE_LIMITED");
    expect(await db.factor.count({ where: { tenantId: tenant.id } })).toBe(1);
    await activatePhoneFactor({ db, tenant, userId: user.id, factorId: first.factorId, code: await latestCodeTo(tenant.id, phone), context });
    // Past the resend cooldown, so only being verified can refuse it: first while it waits for the
    // recovery codes (S21), then once it is on.
    await endCooldown(first.factorId);
    for (const stage of ["waiting", "active"]) {
      if (stage === "active") await saveRecoveryCodes(tenant, user.id);
      await expectAppError(addPhoneFactor({ db, tenant, userId: user.id, phone, context }), "CONFLICT");
      // A verified phone never gets an enrolment code.
      await expectAppError(sendSmsCode({ db, tenant, userId: user.id, factorId: first.factorId, purpose: "enrol", context }), "NOT_FOUND");
    }
    expect(await db.outboxMessage.count({ where: { tenantId: tenant.id, channel: "sms" } })).toBe(1);
  });

  it("does not count a phone waiting for its recovery codes as one of the pending phones", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const verified = ukMobile();
    const added = await addPhoneFactor({ db, tenant, userId: user.id, phone: verified, context });
    await activatePhoneFactor({ db, tenant, userId: user.id, factorId: added.factorId, code: await latestCodeTo(tenant.id, verified), context });
    for (let index = 0; index < 3; index += 1) await addPhoneFactor({ db, tenant, userId: user.id, phone: ukMobile(), context });
    await expectAppError(addPhoneFactor({ db, tenant, userId: user.id, phone: ukMobile(), context }), "CONFLICT");
    expect(await db.factor.count({ where: { tenantId: tenant.id, verifiedAt: null } })).toBe(3);
  });

  it("ships a plain warning about SIM swaps that points to stronger factors", () => {
    expect(smsRiskWarning.body).toMatch(/SIM swap/);
    expect(smsRiskWarning.body).toMatch(/authenticator app/);
    expect(smsRiskWarning.body).toMatch(/security key/);
  });
});
