import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../src/db/client";
import { admitSignInAttempt, settleSignInAttempt, type SignInThrottleKey } from "../../src/rate-limit/sign-in-throttle";
import { createTestTenant, expectAppError, randomHex, rejections, tallyCodes } from "./fixtures";

// A guesser fires many attempts at one account at once, hoping the counter is read before it is
// written. Admission is one conditional UPDATE, so the limit holds under any concurrency (S6).

const db = getDb();
const limit = 10;

afterAll(async () => {
  await closeDb();
});

async function newKey(): Promise<SignInThrottleKey> {
  const tenant = await createTestTenant(db);
  return { tenantId: tenant.id, subject: `password:victim-${randomHex()}@example.test` };
}

const keyId = (key: SignInThrottleKey) => `${key.tenantId}:${key.subject}`;

function admit(key: SignInThrottleKey) {
  return admitSignInAttempt({ db, key, limit });
}

async function fireAtOnce(key: SignInThrottleKey, count: number) {
  return Promise.allSettled(Array.from({ length: count }, () => admit(key)));
}

/** Seconds from now until the next attempt is allowed, as the database sees it. */
async function backoffSeconds(key: SignInThrottleKey): Promise<number> {
  const [row] = await db.$queryRaw<{ seconds: number }[]>`
    SELECT extract(epoch FROM "nextAttemptAt" - now())::float8 AS seconds FROM sign_in_throttle WHERE key = ${keyId(key)}`;
  if (!row) throw new Error("no throttle row");
  return row.seconds;
}

/** Time passes: the back-off ends. sign_in_throttle is not append-only, so the test can move it. */
async function endBackoff(key: SignInThrottleKey) {
  await db.$executeRaw`UPDATE sign_in_throttle SET "nextAttemptAt" = now() - interval '1 second' WHERE key = ${keyId(key)}`;
}

async function settleAll(key: SignInThrottleKey, count: number, succeeded: boolean) {
  for (let index = 0; index < count; index += 1) await settleSignInAttempt({ db, key, succeeded });
}

async function throttleRow(key: SignInThrottleKey) {
  return db.signInThrottle.findUniqueOrThrow({ where: { key: keyId(key) }, select: { failures: true, inFlight: true } });
}

describe("brute force against the per-account sign-in throttle", () => {
  it("admits exactly the limit out of 4x the limit fired at once, and refuses the rest with a retry time", async () => {
    const key = await newKey();
    const results = await fireAtOnce(key, 4 * limit);
    expect(tallyCodes(results)).toEqual({ ok: limit, RATE_LIMITED: 3 * limit });
    for (const error of rejections(results)) {
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(error.status).toBe(429);
    }
    await expect(throttleRow(key)).resolves.toEqual({ failures: 0, inFlight: limit });
  });

  it("keeps refusing after the admitted guesses fail, until the back-off passes; then admits one of 5 racing attempts", async () => {
    const key = await newKey();
    await fireAtOnce(key, 4 * limit);
    await settleAll(key, limit, false);
    await expect(throttleRow(key)).resolves.toEqual({ failures: limit, inFlight: 0 });

    const firstBackoff = await backoffSeconds(key);
    expect(firstBackoff).toBeGreaterThan(50);
    expect(firstBackoff).toBeLessThanOrEqual(60);
    const refused = await expectAppError(admit(key), "RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBeGreaterThan(50);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);

    await endBackoff(key);
    const race = await Promise.allSettled(Array.from({ length: 5 }, () => admit(key)));
    expect(tallyCodes(race)).toEqual({ ok: 1, RATE_LIMITED: 4 });

    // The attempt admitted past the limit doubles the back-off at once, before its result is known.
    const secondBackoff = await backoffSeconds(key);
    expect(secondBackoff).toBeGreaterThan(110);
    expect(secondBackoff).toBeLessThanOrEqual(120);
    for (const error of rejections(race)) expect(error.retryAfterSeconds).toBeGreaterThan(60);

    await settleAll(key, 1, false);
    await endBackoff(key);
    await admit(key);
    const thirdBackoff = await backoffSeconds(key);
    expect(thirdBackoff).toBeGreaterThan(230);
    expect(thirdBackoff).toBeLessThanOrEqual(240);
  });

  it("refuses even the attempt that would have been correct while the back-off runs", async () => {
    const key = await newKey();
    for (let index = 0; index < limit; index += 1) {
      await admit(key);
      await settleSignInAttempt({ db, key, succeeded: false });
    }
    // The caller never gets to check the password: admission comes first.
    await expectAppError(admit(key), "RATE_LIMITED");
  });

  it("clears the count after a success, so the owner starts again with the full allowance", async () => {
    const key = await newKey();
    for (let index = 0; index < limit - 1; index += 1) {
      await admit(key);
      await settleSignInAttempt({ db, key, succeeded: false });
    }
    await admit(key);
    await settleSignInAttempt({ db, key, succeeded: true });
    await expect(throttleRow(key)).resolves.toEqual({ failures: 0, inFlight: 0 });
    expect(await backoffSeconds(key)).toBeLessThanOrEqual(0);

    const results = await fireAtOnce(key, 4 * limit);
    expect(tallyCodes(results)).toEqual({ ok: limit, RATE_LIMITED: 3 * limit });
  });

  it("keeps accounts apart: a locked account does not slow down another one of the same tenant", async () => {
    const locked = await newKey();
    const other = { tenantId: locked.tenantId, subject: `password:bystander-${randomHex()}@example.test` };
    await fireAtOnce(locked, 4 * limit);
    await expectAppError(admit(locked), "RATE_LIMITED");
    await expect(admit(other)).resolves.toBeUndefined();
  });
});
