import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb, getDb } from "../../src/db/client";
import { activatePhoneFactor } from "../../src/factors/sms/activate-phone-factor";
import { addPhoneFactor } from "../../src/factors/sms/add-phone-factor";
import { activateTotpFactor } from "../../src/factors/totp/activate-totp-factor";
import { startTotpEnrolment } from "../../src/factors/totp/start-totp-enrolment";
import { finishTwoStepSetup, findFactorsAwaitingRecoveryCodes, startTwoStepSetup } from "../../src/factors/two-step-setup";
import { finishWebAuthnRegistration } from "../../src/factors/webauthn/finish-webauthn-registration";
import { startWebAuthnRegistration } from "../../src/factors/webauthn/start-webauthn-registration";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { stepUp } from "../../src/sessions/step-up";
import { verifySession } from "../../src/sessions/verify-session";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createTestUser, expectSignedIn, findMessagesTo, saveRecoveryCodes, SoftwareAuthenticator } from "../../src/testing";
import { latestCodeTo, ukMobile } from "../sms/fixtures";
import { codeAt, enrolActiveApp, pinClockEarlyInStep } from "../totp/fixtures";
import { auditTypes, expectAppError, tallyCodes, testContext } from "./fixtures";

// Two-step verification turns on only once the owner has saved their recovery codes (S21): a
// first factor is verified and waits; typing one code back turns every waiting factor on at once.
// Until then the account is a password-only account, also for "confirm it's you" (S12).

const db = getDb();
const origin = "https://accounts.rekey.test";

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

async function verifiedApp(tenant: Tenant, userId: string, name: string) {
  const enrolment = await startTotpEnrolment({ db, tenant, userId, name });
  const activation = await activateTotpFactor({ db, tenant, userId, factorId: enrolment.factorId, code: codeAt(enrolment, -1), context: testContext() });
  return { enrolment, activation };
}

async function verifiedSecurityKey(tenant: Tenant, userId: string, name: string) {
  const options = await startWebAuthnRegistration({ db, tenant, userId, kind: "security-key", origin });
  return finishWebAuthnRegistration({ db, tenant, userId, response: new SoftwareAuthenticator(origin).register(options), name, context: testContext(), origin });
}

function activatedAt(factorId: string) {
  return db.factor.findUniqueOrThrow({ where: { id: factorId }, select: { activatedAt: true } }).then((row) => row.activatedAt);
}

async function signIn(tenant: Tenant, user: { email: string; password: string }) {
  return signInWithPassword({ db, tenant, email: user.email, password: user.password, context: testContext() });
}

describe("turning two-step verification on (S21)", () => {
  it("turns on two first factors verified before the codes were saved together: one notice naming both, a factor.added each, one two_factor_enabled", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    pinClockEarlyInStep();
    const app = await verifiedApp(tenant, user.id, "Phone");
    const key = await verifiedSecurityKey(tenant, user.id, "Blue key");
    expect(app.activation.status).toBe("awaiting-recovery-codes");
    // The key found no active factor either: it waits too, and announces nothing.
    expect(key.status).toBe("awaiting-recovery-codes");
    await expect(findFactorsAwaitingRecoveryCodes({ db, tenant, userId: user.id })).resolves.toEqual([
      { id: app.enrolment.factorId, type: "totp", name: "Phone", isPasskey: false },
      { id: key.factorId, type: "webauthn", name: "Blue key", isPasskey: false },
    ]);
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up"]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toEqual([]);
    expect(await signIn(tenant, user)).toMatchObject({ status: "signed-in" });

    const issued = await startTwoStepSetup({ db, tenant, userId: user.id });
    await expect(finishTwoStepSetup({ db, tenant, userId: user.id, setId: issued.setId, code: issued.codes[0]!, context: testContext() })).resolves.toEqual({
      factorIds: [app.enrolment.factorId, key.factorId],
    });

    expect(await activatedAt(app.enrolment.factorId)).toBeInstanceOf(Date);
    expect(await activatedAt(key.factorId)).toBeInstanceOf(Date);
    expect(await auditTypes(tenant.id, user.id)).toEqual([
      "account.signed_in",
      "account.signed_up",
      "account.two_factor_enabled",
      "factor.added",
      "factor.added",
      "recovery_codes.generated",
    ]);
    const enabled = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, userId: user.id, type: "account.two_factor_enabled" }, select: { data: true } });
    expect(enabled.data).toEqual({ factorIds: [app.enrolment.factorId, key.factorId] });
    const [notice, ...others] = await findMessagesTo(tenant.id, user.email);
    expect(others).toEqual([]);
    expect(notice?.subject).toBe(
      `Security change on your ${tenant.name} account: Two-step verification was turned on with an authenticator app (“Phone”) and a security key (“Blue key”), and recovery codes were saved`,
    );
    expect(await signIn(tenant, user)).toMatchObject({ status: "second-factor-required", methods: { totp: true, webauthn: true, sms: [], recoveryCode: true } });
  });

  it("turns a factor added after two-step verification is on straight on, with its own notice and no new codes", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    pinClockEarlyInStep();
    await enrolActiveApp(tenant, user.id, "Phone");
    const phone = ukMobile();
    const added = await addPhoneFactor({ db, tenant, userId: user.id, phone, context: testContext() });
    await expect(activatePhoneFactor({ db, tenant, userId: user.id, factorId: added.factorId, code: await latestCodeTo(tenant.id, phone), context: testContext() })).resolves.toEqual({
      factorId: added.factorId,
      status: "active",
    });
    expect(await activatedAt(added.factorId)).toBeInstanceOf(Date);
    // Nothing waits, so there is no set-up to start.
    await expectAppError(startTwoStepSetup({ db, tenant, userId: user.id }), "CONFLICT");
    const types = await auditTypes(tenant.id, user.id);
    expect(types.filter((type) => type === "factor.added")).toHaveLength(2);
    expect(types.filter((type) => type === "account.two_factor_enabled")).toHaveLength(1);
    expect(types.filter((type) => type === "recovery_codes.generated")).toHaveLength(1);
    const subjects = (await findMessagesTo(tenant.id, user.email)).map((mail) => mail.subject);
    expect(subjects).toEqual([
      `Security change on your ${tenant.name} account: The phone number ${added.maskedPhone} was added for text-message codes`,
      `Security change on your ${tenant.name} account: Two-step verification was turned on with an authenticator app (“Phone”), and recovery codes were saved`,
    ]);
  });

  it("refuses to start or finish without a factor waiting, and a wrong code turns nothing on", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    await expectAppError(startTwoStepSetup({ db, tenant, userId: user.id }), "CONFLICT");
    pinClockEarlyInStep();
    const { enrolment } = await verifiedApp(tenant, user.id, "Phone");
    const issued = await startTwoStepSetup({ db, tenant, userId: user.id });
    const other = await startTwoStepSetup({ db, tenant, userId: (await createTestUserWithWaitingApp(tenant)).id });

    // Starting again replaces the pending set: its codes, another user's and none at all fail.
    const replaced = await startTwoStepSetup({ db, tenant, userId: user.id });
    await expectAppError(finishTwoStepSetup({ db, tenant, userId: user.id, setId: replaced.setId, code: issued.codes[0]!, context: testContext() }), "INVALID_CREDENTIALS");
    await expectAppError(finishTwoStepSetup({ db, tenant, userId: user.id, setId: replaced.setId, code: other.codes[0]!, context: testContext() }), "INVALID_CREDENTIALS");
    await expectAppError(finishTwoStepSetup({ db, tenant, userId: user.id, setId: replaced.setId, code: "", context: testContext() }), "INVALID_CREDENTIALS");
    await expectAppError(finishTwoStepSetup({ db, tenant, userId: user.id, setId: issued.setId, code: issued.codes[0]!, context: testContext() }), "NOT_FOUND");
    expect(await activatedAt(enrolment.factorId)).toBeNull();
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up"]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toEqual([]);

    await finishTwoStepSetup({ db, tenant, userId: user.id, setId: replaced.setId, code: replaced.codes[1]!, context: testContext() });
    expect(await activatedAt(enrolment.factorId)).toBeInstanceOf(Date);
  });

  it("turns on once when the same code is typed back 5 times at once: one notice, one two_factor_enabled", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    pinClockEarlyInStep();
    await verifiedApp(tenant, user.id, "Phone");
    const issued = await startTwoStepSetup({ db, tenant, userId: user.id });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => finishTwoStepSetup({ db, tenant, userId: user.id, setId: issued.setId, code: issued.codes[0]!, context: testContext() })),
    );
    expect(tallyCodes(results)).toEqual({ ok: 1, CONFLICT: 4 });
    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up", "account.two_factor_enabled", "factor.added", "recovery_codes.generated"]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toHaveLength(1);
  });

  it("counts the session that finished the set-up as having proven the new factor", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const session = expectSignedIn(await signIn(tenant, user));
    pinClockEarlyInStep();
    await verifiedApp(tenant, user.id, "Phone");
    await saveRecoveryCodes(tenant, user.id, session.sessionId);
    await expect(db.session.findUniqueOrThrow({ where: { id: session.sessionId }, select: { methods: true } })).resolves.toEqual({ methods: ["password", "totp"] });
  });
});

describe("confirming it's you (S12) follows two-step verification", () => {
  it("takes the password without two-step verification and while the first factor waits; refuses it once 2FA is on, where the app confirms", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const signedIn = expectSignedIn(await signIn(tenant, user));
    const session = async (token: string) => {
      const verified = await verifySession({ db, tenantId: tenant.id, policy: tenant.policy, token });
      if (!verified) throw new Error("session no longer valid");
      return verified;
    };
    const password = { method: "password" as const, password: user.password };

    const first = await stepUp({ db, tenant, session: await session(signedIn.sessionToken), proof: password, context: testContext() });
    await expect(verifySession({ db, tenantId: tenant.id, policy: tenant.policy, token: signedIn.sessionToken })).resolves.toBeNull();

    pinClockEarlyInStep();
    const { enrolment } = await verifiedApp(tenant, user.id, "Phone");
    const second = await stepUp({ db, tenant, session: await session(first.sessionToken), proof: password, context: testContext() });

    await saveRecoveryCodes(tenant, user.id);
    const refused = await expectAppError(stepUp({ db, tenant, session: await session(second.sessionToken), proof: password, context: testContext() }), "FORBIDDEN");
    expect(refused.message).toBe("Confirm with one of your two-step verification methods: while it is on, your password alone is not enough.");
    // Refused outright: the session was not rotated, and no step-up is on record for it.
    const current = await session(second.sessionToken);
    const steppedUp = await db.auditEvent.findMany({ where: { tenantId: tenant.id, userId: user.id, type: "account.stepped_up" }, select: { data: true } });
    expect(steppedUp).toEqual([{ data: { method: "password" } }, { data: { method: "password" } }]);

    const third = await stepUp({ db, tenant, session: current, proof: { method: "totp", code: codeAt(enrolment) }, context: testContext() });
    await expect(session(third.sessionToken)).resolves.toMatchObject({ userId: user.id, methods: expect.arrayContaining(["password", "totp"]) });
  });
});

async function createTestUserWithWaitingApp(tenant: Tenant) {
  const user = await createTestUser(tenant.id);
  await verifiedApp(tenant, user.id, "Other");
  return user;
}
