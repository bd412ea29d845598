import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import {
  ageSession,
  appErrorOf,
  currentSessionMethods,
  endSmsCooldown,
  enrolPhone,
  latestSmsCode,
  otherCode,
  textsTo,
  ukMobile,
} from "./factor-fixtures";
import { callerFor, errorCodeOf, saveCodesIfWaiting, signedInCaller } from "./support";

// Text-message codes through the sms, challenge and auth procedures (S16, S6, S12, S28): six
// digits, single use, bound to the sign-in or session that asked for them, rate limited, and
// another user's phone is as unknown as a phone nobody added.

type Tenant = Awaited<ReturnType<typeof createTestTenant>>;

async function signedInUser(policy?: Parameters<typeof createTestTenant>[0]) {
  const tenant = await createTestTenant(policy);
  const user = await createTestUser(tenant.id);
  const { caller, sessionToken } = await signedInCaller(tenant, user);
  return { tenant, user, caller, sessionToken };
}

async function userWithPhone() {
  const signedIn = await signedInUser();
  const phone = await enrolPhone(signedIn.caller, signedIn.tenant.id);
  return { ...signedIn, ...phone };
}

/** The password step of a sign-in; returns a caller holding the challenge cookie. */
async function passwordStep(tenant: Tenant, user: { email: string; password: string }) {
  const outcome = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
  if (outcome.status !== "second-factor-required") throw new Error(`expected a challenge, got ${outcome.status}`);
  return { challengeCaller: await callerFor(tenant, { challengeToken: outcome.challengeToken }), methods: outcome.methods };
}

describe("adding a phone", () => {
  it("texts a six-digit code to the new number and turns the phone on only with that code", async () => {
    const { tenant, caller } = await signedInUser();
    const phone = ukMobile();
    const lastFour = phone.slice(-4);
    const added = await caller.sms.addPhone({ phone: `+44 7400 ${phone.slice(7)}` });
    expect(added).toEqual({ factorId: expect.any(String), maskedPhone: `+44...${lastFour}` });
    expect(await textsTo(tenant.id, phone)).toBe(1);
    const code = await latestSmsCode(tenant.id, phone);
    expect(code).toMatch(/^\d{6}$/);
    // Not on offer before it is verified.
    expect(await caller.factors.list()).toEqual([]);

    expect(await errorCodeOf(caller.sms.activate({ factorId: added.factorId, code: otherCode(code) }))).toBe("INVALID_CREDENTIALS");
    // The first method waits for its recovery codes (S21); saving them turns it on.
    const activation = await caller.sms.activate({ factorId: added.factorId, code });
    expect(activation).toEqual({ factorId: added.factorId, status: "awaiting-recovery-codes" });
    expect(await caller.factors.list()).toEqual([]);
    await saveCodesIfWaiting(caller, activation);
    expect(await caller.factors.list()).toMatchObject([{ id: added.factorId, type: "sms", name: `Phone ending ${lastFour}`, maskedPhone: `+44...${lastFour}`, isPasskey: false }]);
    // The session that verified the phone has proven it too.
    expect(await currentSessionMethods(caller)).toEqual(["password", "sms"]);
    expect(await errorCodeOf(caller.sms.addPhone({ phone }))).toBe("CONFLICT");
  });

  it("refuses a new code inside the cooldown and says when to ask again; then only the newest code works", async () => {
    const { tenant, caller } = await signedInUser();
    const phone = ukMobile();
    const { factorId } = await caller.sms.addPhone({ phone });
    const first = await latestSmsCode(tenant.id, phone);

    const tooSoon = await appErrorOf(caller.sms.resendCode({ factorId }));
    expect(tooSoon).toMatchObject({ code: "RATE_LIMITED" });
    expect(tooSoon?.retryAfterSeconds).toBeGreaterThan(0);
    expect(tooSoon?.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(await textsTo(tenant.id, phone)).toBe(1);

    await endSmsCooldown(factorId);
    expect(await caller.sms.resendCode({ factorId })).toEqual({ maskedPhone: `+44...${phone.slice(-4)}`, resendAfterSeconds: 30 });
    const second = await latestSmsCode(tenant.id, phone);
    if (second !== first) {
      expect(await errorCodeOf(caller.sms.activate({ factorId, code: first }))).toBe("INVALID_CREDENTIALS");
    }
    await expect(caller.sms.activate({ factorId, code: second })).resolves.toMatchObject({ factorId });
  });

  it("texts at most five codes an hour to one user, however the requests are spaced", async () => {
    const { tenant, caller } = await signedInUser();
    const phone = ukMobile();
    const { factorId } = await caller.sms.addPhone({ phone });
    for (let resend = 0; resend < 4; resend++) {
      await endSmsCooldown(factorId);
      await caller.sms.resendCode({ factorId });
    }
    await endSmsCooldown(factorId);
    const sixth = await appErrorOf(caller.sms.resendCode({ factorId }));
    expect(sixth).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 3600 });
    expect(await textsTo(tenant.id, phone)).toBe(5);
  });

  it("answers for another user's phone exactly as for a phone nobody added (S28)", async () => {
    const { tenant, caller } = await signedInUser();
    const phone = ukMobile();
    const { factorId } = await caller.sms.addPhone({ phone });
    const code = await latestSmsCode(tenant.id, phone);
    const colleague = (await signedInCaller(tenant, await createTestUser(tenant.id))).caller;
    const outsider = (await signedInUser()).caller;

    for (const other of [colleague, outsider]) {
      await endSmsCooldown(factorId);
      const missingResend = await appErrorOf(other.sms.resendCode({ factorId: "fac_doesnotexist" }));
      expect(missingResend).toMatchObject({ code: "NOT_FOUND" });
      expect(await appErrorOf(other.sms.resendCode({ factorId }))).toEqual(missingResend);
      const missingActivate = await appErrorOf(other.sms.activate({ factorId: "fac_doesnotexist", code }));
      expect(missingActivate).toMatchObject({ code: "INVALID_CREDENTIALS" });
      expect(await appErrorOf(other.sms.activate({ factorId, code }))).toEqual(missingActivate);
    }
    // Nothing was texted for them, and the owner's code still works.
    expect(await textsTo(tenant.id, phone)).toBe(1);
    await expect(caller.sms.activate({ factorId, code })).resolves.toMatchObject({ factorId, status: "awaiting-recovery-codes" });
  });

  it("is refused where the tenant does not allow text messages", async () => {
    const { caller } = await signedInUser({ factors: { allowed: ["totp", "webauthn"] } });
    expect(await errorCodeOf(caller.sms.addPhone({ phone: ukMobile() }))).toBe("FORBIDDEN");
  });
});

describe("a text-message code at sign-in", () => {
  it("is sent at once after the phone was added: the enrolment code's cooldown is its own", async () => {
    const { tenant, user, caller } = await signedInUser();
    const phone = ukMobile();
    const added = await caller.sms.addPhone({ phone });
    await saveCodesIfWaiting(caller, await caller.sms.activate({ factorId: added.factorId, code: await latestSmsCode(tenant.id, phone) }));
    const { challengeCaller } = await passwordStep(tenant, user);
    await expect(challengeCaller.challenge.sendSms({ factorId: added.factorId })).resolves.toMatchObject({ maskedPhone: added.maskedPhone });
    // Asking again for the same sign-in within 30 seconds is still refused.
    expect(await errorCodeOf(challengeCaller.challenge.sendSms({ factorId: added.factorId }))).toBe("RATE_LIMITED");
  });

  it("completes a password sign-in, and the session records [\"password\", \"sms\"]", async () => {
    const { tenant, user, factorId, phone, maskedPhone } = await userWithPhone();
    const { challengeCaller, methods } = await passwordStep(tenant, user);
    expect(methods).toEqual({ totp: false, webauthn: false, sms: [{ factorId, maskedPhone }], recoveryCode: true });

    expect(await challengeCaller.challenge.sendSms({ factorId })).toEqual({ ok: true, maskedPhone, resendAfterSeconds: 30 });
    const code = await latestSmsCode(tenant.id, phone);
    expect(await appErrorOf(challengeCaller.challenge.sendSms({ factorId }))).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(await errorCodeOf(challengeCaller.challenge.complete({ proof: { method: "sms", code: otherCode(code) } }))).toBe("INVALID_CREDENTIALS");

    const session = await challengeCaller.challenge.complete({ proof: { method: "sms", code: `${code.slice(0, 3)} ${code.slice(3)}` } });
    expect(session).toMatchObject({ status: "signed-in", userId: user.id });
    const signedIn = await callerFor(tenant, { sessionToken: session.sessionToken });
    expect((await signedIn.auth.session())?.user.email).toBe(user.email);
    expect(await currentSessionMethods(signedIn)).toEqual(["password", "sms"]);
    // The sign-in is spent, and so is its code.
    expect(await errorCodeOf(challengeCaller.challenge.complete({ proof: { method: "sms", code } }))).toBe("TOKEN_INVALID");
  });

  it("completes a sign-in once when its code is sent five times at once", async () => {
    const { tenant, user, factorId, phone } = await userWithPhone();
    const { challengeCaller } = await passwordStep(tenant, user);
    await challengeCaller.challenge.sendSms({ factorId });
    const code = await latestSmsCode(tenant.id, phone);
    const results = await Promise.all(Array.from({ length: 5 }, () => errorCodeOf(challengeCaller.challenge.complete({ proof: { method: "sms", code } }))));
    expect(results.filter((result) => result === "no error")).toHaveLength(1);
    expect(results.filter((result) => result === "INVALID_CREDENTIALS" || result === "TOKEN_INVALID")).toHaveLength(4);
    expect(await getDb().session.count({ where: { userId: user.id, methods: { has: "sms" }, revokedAt: null } })).toBe(2);
  });

  it("does not accept a code texted for another sign-in, or for an expired one", async () => {
    const { tenant, user, factorId, phone } = await userWithPhone();
    const first = (await passwordStep(tenant, user)).challengeCaller;
    const second = (await passwordStep(tenant, user)).challengeCaller;
    await first.challenge.sendSms({ factorId });
    const code = await latestSmsCode(tenant.id, phone);
    expect(await errorCodeOf(second.challenge.complete({ proof: { method: "sms", code } }))).toBe("INVALID_CREDENTIALS");

    // Ten minutes pass: the first sign-in is over, and its code with it.
    await getDb().signInChallenge.updateMany({ where: { userId: user.id, completedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await errorCodeOf(first.challenge.complete({ proof: { method: "sms", code } }))).toBe("TOKEN_INVALID");
    await endSmsCooldown(factorId);
    expect(await errorCodeOf(first.challenge.sendSms({ factorId }))).toBe("TOKEN_INVALID");
  });

  it("does not text another user's phone from my sign-in: the answer is that of a missing phone (S28)", async () => {
    const victim = await userWithPhone();
    const attacker = await createTestUser(victim.tenant.id);
    const attackerCaller = (await signedInCaller(victim.tenant, attacker)).caller;
    await enrolPhone(attackerCaller, victim.tenant.id);
    const { challengeCaller } = await passwordStep(victim.tenant, attacker);

    const missing = await appErrorOf(challengeCaller.challenge.sendSms({ factorId: "fac_doesnotexist" }));
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    expect(await appErrorOf(challengeCaller.challenge.sendSms({ factorId: victim.factorId }))).toEqual(missing);
    // The victim's own sign-in code does not open the attacker's sign-in either.
    const victimSignIn = (await passwordStep(victim.tenant, victim.user)).challengeCaller;
    await victimSignIn.challenge.sendSms({ factorId: victim.factorId });
    const victimCode = await latestSmsCode(victim.tenant.id, victim.phone);
    expect(await errorCodeOf(challengeCaller.challenge.complete({ proof: { method: "sms", code: victimCode } }))).toBe("INVALID_CREDENTIALS");
    expect(await textsTo(victim.tenant.id, victim.phone)).toBe(2);
  });
});

describe("a text-message code to confirm it's you", () => {
  it("is bound to its purpose: a sign-in code does not step up a session, nor a step-up code finish a sign-in", async () => {
    const { tenant, user, caller: enrollingCaller } = await signedInUser();
    // A session from before the phone was added: signed in with the password only.
    const older = await signedInCaller(tenant, user);
    const { factorId, phone } = await enrolPhone(enrollingCaller, tenant.id);
    expect(await currentSessionMethods(older.caller)).toEqual(["password"]);
    await ageSession(user.id);
    expect(await errorCodeOf(older.caller.sms.addPhone({ phone: ukMobile() }))).toBe("STEP_UP_REQUIRED");

    const { challengeCaller } = await passwordStep(tenant, user);
    await challengeCaller.challenge.sendSms({ factorId });
    const signInCode = await latestSmsCode(tenant.id, phone);
    expect(await errorCodeOf(older.caller.auth.stepUp({ proof: { method: "sms", code: signInCode } }))).toBe("INVALID_CREDENTIALS");

    await endSmsCooldown(factorId);
    expect(await older.caller.auth.sendStepUpSms({ factorId })).toEqual({ ok: true, maskedPhone: `+44...${phone.slice(-4)}`, resendAfterSeconds: 30 });
    const stepUpCode = await latestSmsCode(tenant.id, phone);
    expect(await errorCodeOf(challengeCaller.challenge.complete({ proof: { method: "sms", code: stepUpCode } }))).toBe("INVALID_CREDENTIALS");
    // Nor does it step up another session of the same user.
    expect(await errorCodeOf(enrollingCaller.auth.stepUp({ proof: { method: "sms", code: stepUpCode } }))).toBe("INVALID_CREDENTIALS");

    // Each code still works where it was asked for.
    await expect(challengeCaller.challenge.complete({ proof: { method: "sms", code: signInCode } })).resolves.toMatchObject({ userId: user.id });
    const rotated = await older.caller.auth.stepUp({ proof: { method: "sms", code: stepUpCode } });
    expect(rotated.sessionToken).not.toBe(older.sessionToken);
    expect(await (await callerFor(tenant, { sessionToken: older.sessionToken })).auth.session()).toBeNull();
    const steppedUp = await callerFor(tenant, { sessionToken: rotated.sessionToken });
    expect(await currentSessionMethods(steppedUp)).toEqual(["password", "sms"]);
    await expect(steppedUp.sms.addPhone({ phone: ukMobile() })).resolves.toMatchObject({ factorId: expect.any(String) });
  });

  it("is refused for a phone the session's user does not have (S28)", async () => {
    const owner = await userWithPhone();
    const colleague = (await signedInCaller(owner.tenant, await createTestUser(owner.tenant.id))).caller;
    const missing = await appErrorOf(colleague.auth.sendStepUpSms({ factorId: "fac_doesnotexist" }));
    expect(missing).toMatchObject({ code: "NOT_FOUND" });
    expect(await appErrorOf(colleague.auth.sendStepUpSms({ factorId: owner.factorId }))).toEqual(missing);
    expect(await textsTo(owner.tenant.id, owner.phone)).toBe(1);
  });
});
