import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb, getPool } from "../../src/db/client";
import { sendSmsCode } from "../../src/factors/sms/send-sms-code";
import { verifySmsCode } from "../../src/factors/sms/verify-sms-code";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { admitSignInAttempt, settleSignInAttempt } from "../../src/rate-limit/sign-in-throttle";
import { createSignInChallenge, context, endCooldown, expectAppError, latestCodeTo, tallyCodes, userWithPhone } from "./fixtures";

// SMS codes (S16): six digits, ten minutes, single use, bound to the sign-in that asked for them,
// and rate limited without ever resetting the guess counter (S6).

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

async function signInSetup() {
  const setup = await userWithPhone();
  const challengeId = await createSignInChallenge(setup.tenant.id, setup.user.id);
  const send = () => sendSmsCode({ db, tenant: setup.tenant, userId: setup.user.id, factorId: setup.factorId, purpose: "sign_in", challengeId, context });
  const verify = (code: string, binding: { challengeId: string } = { challengeId }) =>
    verifySmsCode({ db, tenant: setup.tenant, userId: setup.user.id, code, purpose: "sign_in", ...binding, context });
  return { ...setup, challengeId, send, verify };
}

describe("an SMS code", () => {
  it("is six random digits in a text that names the tenant, its lifetime and the WebOTP origin line", async () => {
    const { tenant, phone, send } = await signInSetup();
    const sent = await send();
    expect(sent.maskedPhone).toBe(`+44...${phone.slice(-4)}`);
    expect(sent.resendAfterSeconds).toBe(30);
    const code = await latestCodeTo(tenant.id, phone);
    expect(code).toMatch(/^\d{6}$/);
    const [message] = await db.outboxMessage.findMany({ where: { tenantId: tenant.id, channel: "sms" }, select: { recipient: true, subject: true } });
    expect(message).toEqual({ recipient: phone, subject: "Text message" });
  });

  it("is valid for exactly 10 minutes and refused once expired", async () => {
    const { tenant, phone, factorId, send, verify } = await signInSetup();
    await send();
    const code = await latestCodeTo(tenant.id, phone);
    const row = await db.oneTimeCode.findFirstOrThrow({ where: { factorId }, select: { id: true, createdAt: true, expiresAt: true } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(10 * 60_000);
    // Ten minutes pass.
    await db.oneTimeCode.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectAppError(verify(code), "INVALID_CREDENTIALS");
  });

  it("works once: 20 concurrent submissions of one code succeed exactly once", async () => {
    const { tenant, phone, factorId, send, verify } = await signInSetup();
    await send();
    const code = await latestCodeTo(tenant.id, phone);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => verify(code)));
    expect(tallyCodes(results)).toEqual({ ok: 1, INVALID_CREDENTIALS: 19 });
    await expectAppError(verify(code), "INVALID_CREDENTIALS");
    const row = await db.oneTimeCode.findFirstOrThrow({ where: { factorId }, select: { usedAt: true } });
    expect(row.usedAt).toBeInstanceOf(Date);
  });

  it("accepts spaces and dashes, and refuses anything but six digits", async () => {
    const { tenant, phone, factorId, send, verify } = await signInSetup();
    await send();
    const code = await latestCodeTo(tenant.id, phone);
    for (const wrong of ["", code.slice(0, 5), `${code}0`, `${code.slice(0, 5)}x`, "x".repeat(1000)]) {
      await expectAppError(verify(wrong), "INVALID_CREDENTIALS");
    }
    await expect(verify(` ${code.slice(0, 3)}-${code.slice(3)} `)).resolves.toEqual({ factorId });
  });

  it("sent for sign-in A is refused for sign-in B of the same user, and still works for A", async () => {
    const { tenant, user, phone, factorId, challengeId, send, verify } = await signInSetup();
    const otherChallenge = await createSignInChallenge(tenant.id, user.id);
    await send();
    const code = await latestCodeTo(tenant.id, phone);
    await expectAppError(verify(code, { challengeId: otherChallenge }), "INVALID_CREDENTIALS");
    await expectAppError(verifySmsCode({ db, tenant, userId: user.id, code, purpose: "step_up", sessionId: "ses_other", context }), "INVALID_CREDENTIALS");
    await expect(verify(code, { challengeId })).resolves.toEqual({ factorId });
  });

  it("is refused for another user, and once its sign-in is completed", async () => {
    const first = await signInSetup();
    await first.send();
    const code = await latestCodeTo(first.tenant.id, first.phone);
    const second = await userWithPhone();
    await expectAppError(
      verifySmsCode({ db, tenant: second.tenant, userId: second.user.id, code, purpose: "sign_in", challengeId: first.challengeId, context }),
      "INVALID_CREDENTIALS",
    );
    await db.signInChallenge.update({ where: { id: first.challengeId }, data: { completedAt: new Date() } });
    await expectAppError(first.verify(code), "INVALID_CREDENTIALS");
  });

  it("stops working when a new one is sent for the same sign-in", async () => {
    const { tenant, phone, factorId, send, verify } = await signInSetup();
    await send();
    const first = await latestCodeTo(tenant.id, phone);
    await endCooldown(factorId);
    await send();
    const second = await latestCodeTo(tenant.id, phone);
    // One in a million: the new code repeats the old one, and "the old one" would then pass.
    if (second !== first) await expectAppError(verify(first), "INVALID_CREDENTIALS");
    await expect(verify(second)).resolves.toEqual({ factorId });
  });
});

describe("asking for codes", () => {
  it("waits 30 seconds between codes for a phone, with the time left, also when requests race", async () => {
    const { factorId, send } = await signInSetup();
    await send();
    const refused = await expectAppError(send(), "RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBeGreaterThan(25);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(30);
    await endCooldown(factorId);
    const race = await Promise.allSettled(Array.from({ length: 5 }, () => send()));
    expect(tallyCodes(race)).toEqual({ ok: 1, RATE_LIMITED: 4 });
    expect(await db.oneTimeCode.count({ where: { factorId } })).toBe(2);
  });

  it("allows 5 codes per user per hour", async () => {
    const { factorId, send } = await signInSetup();
    for (let index = 0; index < 5; index += 1) {
      await send();
      await endCooldown(factorId);
    }
    const refused = await expectAppError(send(), "RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBe(3600);
    expect(await db.oneTimeCode.count({ where: { factorId } })).toBe(5);
  });

  it("does not reset the second-factor failure count (S6)", async () => {
    const { tenant, user, factorId, send } = await signInSetup();
    const key = { tenantId: tenant.id, subject: `second-factor:${user.id}` };
    const limit = tenant.policy.signIn.maxFailuresPerAccount;
    for (let index = 0; index < 3; index += 1) {
      await admitSignInAttempt({ db, key, limit });
      await settleSignInAttempt({ db, key, succeeded: false });
    }
    const throttleRow = () =>
      db.signInThrottle.findUniqueOrThrow({ where: { key: `${key.tenantId}:${key.subject}` }, select: { failures: true, inFlight: true, nextAttemptAt: true } });
    const before = await throttleRow();
    expect(before.failures).toBe(3);
    await send();
    await endCooldown(factorId);
    await send();
    await expect(throttleRow()).resolves.toEqual(before);
  });

  it("is refused for a finished sign-in, a phone not yet verified, and another user's phone", async () => {
    const { tenant, user, factorId, challengeId, send } = await signInSetup();
    const other = await userWithPhone();
    await expectAppError(sendSmsCode({ db, tenant, userId: user.id, factorId: other.factorId, purpose: "sign_in", challengeId, context }), "NOT_FOUND");
    await db.factor.update({ where: { id: factorId }, data: { activatedAt: null } });
    await expectAppError(send(), "NOT_FOUND");
    await db.factor.update({ where: { id: factorId }, data: { activatedAt: new Date() } });
    await db.signInChallenge.update({ where: { id: challengeId }, data: { completedAt: new Date() } });
    await expectAppError(send(), "UNAUTHENTICATED");
    await expectAppError(sendSmsCode({ db, tenant, userId: user.id, factorId, purpose: "sign_in", context }), "BAD_REQUEST");
  });

  it("is refused with FORBIDDEN once the tenant stops allowing SMS, also for a verified phone", async () => {
    const { tenant, user, factorId, challengeId } = await signInSetup();
    const withoutSms = { ...tenant, policy: { ...tenant.policy, factors: { ...tenant.policy.factors, allowed: ["totp" as const] } } };
    await expectAppError(sendSmsCode({ db, tenant: withoutSms, userId: user.id, factorId, purpose: "sign_in", challengeId, context }), "FORBIDDEN");
    expect(await db.oneTimeCode.count({ where: { factorId } })).toBe(0);
  });
});

describe("a database dump", () => {
  it("holds neither the code nor anything that reveals it without the key: not in one_time_code, not in the outbox", async () => {
    const { tenant, phone, send } = await signInSetup();
    await send();
    const code = await latestCodeTo(tenant.id, phone);
    const codes = await getPool().query(`SELECT * FROM one_time_code WHERE "tenantId" = $1`, [tenant.id]);
    const outbox = await getPool().query(`SELECT * FROM outbox_message WHERE "tenantId" = $1`, [tenant.id]);
    const audit = await getPool().query(`SELECT * FROM audit_event WHERE "tenantId" = $1`, [tenant.id]);
    expect(codes.rows).toHaveLength(1);
    expect(outbox.rows).toHaveLength(1);
    expect(JSON.stringify(codes.rows)).not.toContain(code);
    expect(JSON.stringify(outbox.rows)).not.toContain(code);
    expect(JSON.stringify(audit.rows)).not.toContain(code);
    expect(outbox.rows[0].sealedBody).toMatch(/^v1\./);
    // A keyed MAC, not a bare hash: a dump alone cannot try the million codes.
    expect(codes.rows[0].codeHash).toMatch(/^[^.]+\.[A-Za-z0-9_-]{43}$/);
  });
});
