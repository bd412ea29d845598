import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser, expectSignedIn, findMessagesTo } from "@rekey/core/testing";
import type { TenantPolicy } from "@rekey/core";
import { generateTotpForStep, totpStepAt } from "../../core/src/factors/totp/totp-parameters";
import { callerFor, errorCodeOf, signedInCaller } from "./support";

type PolicyInput = { recoveryCodes?: Partial<TenantPolicy["recoveryCodes"]>; factors?: Partial<TenantPolicy["factors"]> };

/** A signed-in user who has verified an authenticator app, so it waits for its recovery codes. */
async function userWithWaitingApp(policy: PolicyInput = {}) {
  const tenant = await createTestTenant(policy);
  const user = await createTestUser(tenant.id);
  const { caller } = await signedInCaller(tenant, user);
  const enrolment = await caller.totp.start({ name: "Phone" });
  const seed = Secret.fromBase32(enrolment.secretGroups.replace(/\s+/g, "")).bytes;
  const step = totpStepAt(new Date());
  const activation = await caller.totp.activate({ factorId: enrolment.factorId, code: generateTotpForStep(seed, step - 1) });
  return { tenant, user, caller, seed, step, activation };
}

/** The same, with the codes saved: two-step verification is on. */
async function userWithTwoStep(policy: PolicyInput = {}) {
  const setup = await userWithWaitingApp(policy);
  const issued = await setup.caller.recoveryCodes.startSetup();
  await setup.caller.recoveryCodes.finishSetup({ setId: issued.setId, code: issued.codes[0]! });
  return { ...setup, codes: issued.codes };
}

async function challengeFor(tenant: { slug: string }, user: { email: string; password: string }) {
  const outcome = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
  if (outcome.status !== "second-factor-required") throw new Error("expected a second-factor challenge");
  return { methods: outcome.methods, caller: await callerFor(tenant, { challengeToken: outcome.challengeToken }) };
}

describe("turning two-step verification on", () => {
  it("keeps the first factor waiting until a recovery code is typed back (S21)", async () => {
    const { tenant, user, caller, activation } = await userWithWaitingApp();
    expect(activation.status).toBe("awaiting-recovery-codes");
    expect(await caller.recoveryCodes.waitingFactors()).toEqual([expect.objectContaining({ type: "totp", name: "Phone" })]);
    // Not on yet: the password alone still signs in.
    expect((await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password })).status).toBe("signed-in");

    const issued = await caller.recoveryCodes.startSetup();
    expect(issued.codes).toHaveLength(10);
    for (const code of issued.codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(issued.file.name).toMatch(new RegExp(`^rekey-recovery-codes-${tenant.slug}-user-[0-9a-f]+-\\d{4}-\\d{2}-\\d{2}\\.txt$`));
    for (const code of issued.codes) expect(issued.file.text).toContain(code);
    expect(issued.file.text).toContain(user.email);

    expect(await errorCodeOf(caller.recoveryCodes.finishSetup({ setId: issued.setId, code: "0000-0000-0000-0000" }))).toBe("INVALID_CREDENTIALS");
    expect(await caller.factors.list()).toEqual([]);
    // Typed back sloppily (S20): lower case, spaces instead of dashes, O for 0.
    const sloppy = issued.codes[3]!.toLowerCase().replace(/-/g, " ").replace(/0/g, "o");
    await caller.recoveryCodes.finishSetup({ setId: issued.setId, code: sloppy });

    expect(await caller.factors.list()).toEqual([expect.objectContaining({ type: "totp", name: "Phone" })]);
    expect(await caller.recoveryCodes.waitingFactors()).toEqual([]);
    expect(await caller.recoveryCodes.status()).toMatchObject({ style: "set", total: 10, remaining: 10, used: [] });
    const { methods } = await challengeFor(tenant, user);
    expect(methods).toMatchObject({ totp: true, recoveryCode: true });
    const audit = await getDb().auditEvent.findMany({ where: { userId: user.id }, select: { type: true } });
    expect(audit.map((event) => event.type)).toEqual(expect.arrayContaining(["factor.added", "recovery_codes.generated", "account.two_factor_enabled"]));
    const notices = await findMessagesTo(tenant.id, user.email);
    expect(notices.some((message) => message.text.includes("Two-step verification was turned on"))).toBe(true);
  });

  it("lets only the newest pending set confirm, so a reloaded page's old codes do not", async () => {
    const { caller } = await userWithWaitingApp();
    const first = await caller.recoveryCodes.startSetup();
    const second = await caller.recoveryCodes.startSetup();
    expect(await errorCodeOf(caller.recoveryCodes.finishSetup({ setId: first.setId, code: first.codes[0]! }))).toBe("NOT_FOUND");
    await caller.recoveryCodes.finishSetup({ setId: second.setId, code: second.codes[0]! });
    expect(await caller.factors.list()).toHaveLength(1);
  });

  it("has nothing to set up without a waiting factor, and no codes to regenerate with 2FA off", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, user);
    expect(await errorCodeOf(caller.recoveryCodes.startSetup())).toBe("CONFLICT");
    expect(await errorCodeOf(caller.recoveryCodes.regenerate())).toBe("CONFLICT");
    expect(await caller.recoveryCodes.status()).toBeNull();
  });

  it("activates a second factor directly once two-step verification is on", async () => {
    const { caller } = await userWithTwoStep();
    const enrolment = await caller.totp.start({ name: "Tablet" });
    const seed = Secret.fromBase32(enrolment.secretGroups.replace(/\s+/g, "")).bytes;
    const activation = await caller.totp.activate({ factorId: enrolment.factorId, code: generateTotpForStep(seed, totpStepAt(new Date())) });
    expect(activation.status).toBe("active");
    expect(await caller.factors.list()).toHaveLength(2);
  });
});

describe("signing in with a recovery code", () => {
  it("works once, counts down, and the used code is refused like a wrong one (S22)", async () => {
    const { tenant, user, codes } = await userWithTwoStep();
    const first = await challengeFor(tenant, user);
    const session = expectSignedIn(await first.caller.challenge.complete({ proof: { method: "recovery_code", code: codes[4]! } }));
    const signedIn = await callerFor(tenant, { sessionToken: session.sessionToken });
    expect((await signedIn.auth.session())?.restriction).toBeNull();
    expect((await signedIn.devices.list()).find((device) => device.isCurrent)?.methods).toEqual(["password", "recovery_code"]);
    const status = await signedIn.recoveryCodes.status();
    expect(status).toMatchObject({ total: 10, remaining: 9, warn: false });
    expect(status?.used).toEqual([expect.objectContaining({ position: 5, maskedCode: expect.stringMatching(new RegExp(`${codes[4]!.slice(-4)}$`)) })]);
    expect(status?.used[0]?.maskedCode).not.toContain(codes[4]!.slice(0, 4));

    const again = await challengeFor(tenant, user);
    const reused = errorOf(again.caller.challenge.complete({ proof: { method: "recovery_code", code: codes[4]! } }));
    const wrong = errorOf((await challengeFor(tenant, user)).caller.challenge.complete({ proof: { method: "recovery_code", code: "ABCD-EFGH-JKMN-PQRS" } }));
    expect(await reused).toEqual(await wrong);
    expect((await reused)?.code).toBe("INVALID_CREDENTIALS");
    const notices = await findMessagesTo(tenant.id, user.email);
    expect(notices.some((message) => message.text.includes("A recovery code was used to sign in; 9 left"))).toBe(true);
  });

  it("succeeds exactly once when one code is submitted 20 times at once", async () => {
    const { tenant, user, codes } = await userWithTwoStep();
    // The password step one at a time (20 at once would meet the password throttle); then the race.
    const challenges = [];
    for (let i = 0; i < 20; i++) challenges.push(await challengeFor(tenant, user));
    const results = await Promise.all(challenges.map(({ caller }) => errorCodeOf(caller.challenge.complete({ proof: { method: "recovery_code", code: codes[1]! } }))));
    expect(results.filter((result) => result === "no error")).toHaveLength(1);
    expect(results.every((result) => ["no error", "INVALID_CREDENTIALS", "RATE_LIMITED"].includes(result))).toBe(true);
    expect(await getDb().recoveryCode.count({ where: { set: { userId: user.id }, usedAt: { not: null } } })).toBe(1);
  });

  it("refuses the old set's codes the moment new ones are generated (S23)", async () => {
    const { tenant, user, caller, codes } = await userWithTwoStep();
    const fresh = await caller.recoveryCodes.regenerate();
    expect(fresh.codes).toHaveLength(10);
    expect(fresh.codes).not.toContain(codes[0]);
    const old = await challengeFor(tenant, user);
    expect(await errorCodeOf(old.caller.challenge.complete({ proof: { method: "recovery_code", code: codes[0]! } }))).toBe("INVALID_CREDENTIALS");
    const current = await challengeFor(tenant, user);
    expectSignedIn(await current.caller.challenge.complete({ proof: { method: "recovery_code", code: fresh.codes[0]! } }));
  });

  it("makes a session that used the last code (a recovery key) save a new one before anything else", async () => {
    const { tenant, user, codes } = await userWithTwoStep({ recoveryCodes: { style: "key" } });
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
    const { caller: challenge } = await challengeFor(tenant, user);
    const session = expectSignedIn(await challenge.challenge.complete({ proof: { method: "recovery_code", code: codes[0]! } }));
    const signedIn = await callerFor(tenant, { sessionToken: session.sessionToken });
    expect((await signedIn.auth.session())?.restriction).toBe("save-recovery-codes");
    expect(await errorCodeOf(signedIn.devices.list())).toBe("SETUP_REQUIRED");
    expect(await getDb().auditEvent.count({ where: { userId: user.id, type: "recovery_codes.last_used" } })).toBe(1);

    const replacement = await signedIn.recoveryCodes.regenerate();
    expect(replacement.style).toBe("key");
    expect(replacement.codes[0]).not.toBe(codes[0]);
    expect((await signedIn.auth.session())?.restriction).toBeNull();
    expect(await signedIn.devices.list()).not.toHaveLength(0);
  });
});

/** Reads the app error a call fails with: code and message, nothing else. */
async function errorOf(call: Promise<unknown>) {
  try {
    await call;
    return null;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { code: cause?.code, message: cause?.message };
  }
}

