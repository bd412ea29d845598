import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { activatePhoneFactor } from "../../src/factors/sms/activate-phone-factor";
import { addPhoneFactor } from "../../src/factors/sms/add-phone-factor";
import { sendSmsCode } from "../../src/factors/sms/send-sms-code";
import { smsRiskWarning } from "../../src/factors/sms/sms-risk";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createTestTenant, createTestUser, findMessagesTo } from "../../src/testing";
import { context, createSignInChallenge, expectAppError, latestCodeTo, tallyCodes, ukMobile } from "./fixtures";

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
  it("stores it in E.164 unverified, texts an enrolment code, and activates with that code", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const local = ukMobile().slice(3);
    const typed = `+44 (0)${local.slice(0, 4)} ${local.slice(4)}`;
    const added = await addPhoneFactor({ db, tenant, userId: user.id, phone: typed, context });
    const phone = `+44${local}`;
    expect(added.maskedPhone).toBe(`+44...${phone.slice(-4)}`);
    const factor = await db.factor.findUniqueOrThrow({ where: { id: added.factorId }, select: { type: true, phoneE164: true, name: true, activatedAt: true } });
    expect(factor).toEqual({ type: "sms", phoneE164: phone, name: `Phone ending ${phone.slice(-4)}`, activatedAt: null });

    const code = await latestCodeTo(tenant.id, phone);
    await expectAppError(activatePhoneFactor({ db, tenant, userId: user.id, factorId: added.factorId, code: code === "000000" ? "111111" : "000000", context }), "INVALID_CREDENTIALS");
    await expect(activatePhoneFactor({ db, tenant, userId: user.id, factorId: added.factorId, code, context })).resolves.toEqual({ factorId: added.factorId, twoFactorEnabled: true });
    const active = await db.factor.findUniqueOrThrow({ where: { id: added.factorId }, select: { activatedAt: true } });
    expect(active.activatedAt).toBeInstanceOf(Date);

    const types = await auditTypes(tenant.id);
    expect(types.filter((type) => ["sms.code_sent", "factor.added", "account.two_factor_enabled"].includes(type))).toEqual(["sms.code_sent", "factor.added", "account.two_factor_enabled"]);
    const [notice] = await findMessagesTo(tenant.id, user.email);
    expect(notice?.subject).toContain(tenant.name);
    expect(notice?.text).toContain(`+44...${phone.slice(-4)}`);
    expect(notice?.text).toContain("two-step verification is now on");
    // The code was used up by the activation; the failed guess counted, the success cleared it.
    await expectAppError(activatePhoneFactor({ db, tenant, userId: user.id, factorId: added.factorId, code, context }), "INVALID_CREDENTIALS");
  });

  it("activates once when the right code is submitted 20 times at once", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const phone = ukMobile();
    const { factorId } = await addPhoneFactor({ db, tenant, userId: user.id, phone, name: "Work phone", context });
    const code = await latestCodeTo(tenant.id, phone);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => activatePhoneFactor({ db, tenant, userId: user.id, factorId, code, context })));
    expect(tallyCodes(results).ok).toBe(1);
    expect((await auditTypes(tenant.id)).filter((type) => type === "factor.added")).toHaveLength(1);
  });

  it("binds the enrolment code to the session that added the phone", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const challengeId = await createSignInChallenge(tenant.id, user.id);
    const phone = ukMobile();
    const { factorId } = await addPhoneFactor({ db, tenant, userId: user.id, phone, challengeId, context });
    const code = await latestCodeTo(tenant.id, phone);
    await expectAppError(activatePhoneFactor({ db, tenant, userId: user.id, factorId, code, context }), "INVALID_CREDENTIALS");
    await expect(activatePhoneFactor({ db, tenant, userId: user.id, factorId, code, challengeId, context })).resolves.toEqual({ factorId, twoFactorEnabled: true });
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
    await expectAppError(addPhoneFactor({ db, tenant, userId: user.id, phone, context }), "CONFLICT");
    // A verified phone never gets an enrolment code.
    await expectAppError(sendSmsCode({ db, tenant, userId: user.id, factorId: first.factorId, purpose: "enrol", context }), "NOT_FOUND");
  });

  it("ships a plain warning about SIM swaps that points to stronger factors", () => {
    expect(smsRiskWarning.body).toMatch(/SIM swap/);
    expect(smsRiskWarning.body).toMatch(/authenticator app/);
    expect(smsRiskWarning.body).toMatch(/security key/);
  });
});
