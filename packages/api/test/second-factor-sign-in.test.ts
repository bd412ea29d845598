import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser, expectSignedIn, findMessagesTo } from "@rekey/core/testing";
import { generateTotpForStep, totpStepAt } from "../../core/src/factors/totp/totp-parameters";
import { callerFor, errorCodeOf, saveCodesIfWaiting, signedInCaller } from "./support";

function secretBytes(secretGroups: string) {
  return Secret.fromBase32(secretGroups.replace(/\s+/g, "")).bytes;
}

async function userWithAuthenticatorApp() {
  const tenant = await createTestTenant();
  const user = await createTestUser(tenant.id);
  const { caller } = await signedInCaller(tenant, user);
  const enrolment = await caller.totp.start({ name: "Phone" });
  const bytes = secretBytes(enrolment.secretGroups);
  // Activate with the previous step's code, so the current step stays fresh for sign-in.
  const step = totpStepAt(new Date());
  await saveCodesIfWaiting(caller, await caller.totp.activate({ factorId: enrolment.factorId, code: generateTotpForStep(bytes, step - 1) }));
  return { tenant, user, bytes, step };
}

describe("sign-in with a second factor", () => {
  it("asks for the second factor after the password, and a valid code completes it", async () => {
    const { tenant, user, bytes, step } = await userWithAuthenticatorApp();
    const anonymous = await callerFor(tenant);
    const outcome = await anonymous.auth.signIn({ email: user.email, password: user.password });
    expect(outcome).toMatchObject({ status: "second-factor-required", methods: { totp: true, webauthn: false, sms: [] } });
    if (outcome.status !== "second-factor-required") throw new Error("expected a challenge");

    const withChallenge = await callerFor(tenant, { challengeToken: outcome.challengeToken });
    expect(await errorCodeOf(withChallenge.challenge.complete({ proof: { method: "totp", code: "000000" } }))).toBe("INVALID_CREDENTIALS");
    const session = await withChallenge.challenge.complete({ proof: { method: "totp", code: generateTotpForStep(bytes, step) } });
    expect(session.sessionToken.length).toBeGreaterThanOrEqual(43);
    const signedIn = await callerFor(tenant, { sessionToken: session.sessionToken });
    expect((await signedIn.auth.session())?.user.email).toBe(user.email);
    // The session records how it was signed in (the devices page shows it).
    const devices = await signedIn.devices.list();
    expect(devices.find((device) => device.isCurrent)?.methods).toEqual(["password", "totp"]);
    // The challenge is spent.
    expect(await errorCodeOf(withChallenge.challenge.complete({ proof: { method: "totp", code: generateTotpForStep(bytes, step + 1) } }))).toBe("TOKEN_INVALID");
  });

  it("never accepts the same code twice, even when raced (TOTP replay)", async () => {
    const { tenant, user, bytes, step } = await userWithAuthenticatorApp();
    const challenges = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const outcome = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
        if (outcome.status !== "second-factor-required") throw new Error("expected a challenge");
        return outcome.challengeToken;
      }),
    );
    const code = generateTotpForStep(bytes, step);
    const results = await Promise.all(
      challenges.map(async (challengeToken) => errorCodeOf((await callerFor(tenant, { challengeToken })).challenge.complete({ proof: { method: "totp", code } }))),
    );
    expect(results.filter((result) => result === "no error")).toHaveLength(1);
    expect(results.filter((result) => result === "INVALID_CREDENTIALS")).toHaveLength(4);
    expect(await getDb().auditEvent.count({ where: { userId: user.id, type: "factor.totp_replay_refused" } })).toBeGreaterThan(0);
  });

  it("does not skip the second factor after a password reset (S7)", async () => {
    const { tenant, user } = await userWithAuthenticatorApp();
    const anonymous = await callerFor(tenant);
    await anonymous.password.requestReset({ email: user.email });
    const [mail] = (await findMessagesTo(tenant.id, user.email)).filter((message) => /Reset your/.test(message.subject));
    const token = /#token=([^\s]+)/.exec(mail!.text)![1]!;
    await anonymous.password.reset({ token: decodeURIComponent(token), newPassword: "violet harbour lantern 58" });
    const outcome = await anonymous.auth.signIn({ email: user.email, password: "violet harbour lantern 58" });
    expect(outcome.status).toBe("second-factor-required");
  });

  it("requires a recent sign-in or step-up for sensitive changes, and step-up rotates the session", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { caller, sessionToken } = await signedInCaller(tenant, user);
    const [session] = await getDb().session.findMany({ where: { userId: user.id } });
    await getDb().session.update({ where: { id: session!.id }, data: { authenticatedAt: new Date(Date.now() - 11 * 60_000) } });
    expect(await errorCodeOf(caller.totp.start({}))).toBe("STEP_UP_REQUIRED");

    expect(await errorCodeOf(caller.auth.stepUp({ proof: { method: "password", password: "not my password" } }))).toBe("INVALID_CREDENTIALS");
    const rotated = await caller.auth.stepUp({ proof: { method: "password", password: user.password } });
    expect(rotated.sessionToken).not.toBe(sessionToken);
    expect(await (await callerFor(tenant, { sessionToken })).auth.session()).toBeNull();
    const fresh = await callerFor(tenant, { sessionToken: rotated.sessionToken });
    await expect(fresh.totp.start({})).resolves.toMatchObject({ factorId: expect.any(String) });
  });

  it("does not take the password alone as a fresh proof while two-step verification is on (S12)", async () => {
    const { tenant, user, bytes, step } = await userWithAuthenticatorApp();
    const outcome = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
    if (outcome.status !== "second-factor-required") throw new Error("expected a challenge");
    const session = await (await callerFor(tenant, { challengeToken: outcome.challengeToken })).challenge.complete({ proof: { method: "totp", code: generateTotpForStep(bytes, step) } });
    const caller = await callerFor(tenant, { sessionToken: session.sessionToken });
    await getDb().session.updateMany({ where: { userId: user.id }, data: { authenticatedAt: new Date(Date.now() - 11 * 60_000) } });

    expect(await caller.auth.stepUpMethods()).toMatchObject({ password: false, methods: { totp: true, recoveryCode: false } });
    expect(await errorCodeOf(caller.password.change({ currentPassword: user.password, newPassword: "violet harbour lantern 58" }))).toBe("STEP_UP_REQUIRED");
    expect(await errorCodeOf(caller.auth.stepUp({ proof: { method: "password", password: user.password } }))).toBe("FORBIDDEN");
    const rotated = await caller.auth.stepUp({ proof: { method: "totp", code: generateTotpForStep(bytes, step + 1) } });
    const fresh = await callerFor(tenant, { sessionToken: rotated.sessionToken });
    await expect(fresh.password.change({ currentPassword: user.password, newPassword: "violet harbour lantern 58" })).resolves.toMatchObject({ signedOutOtherSessions: expect.any(Number) });
  });

  it("remembers a browser for the tenant's days when asked, skipping the second factor there only", async () => {
    const { tenant, user, bytes, step } = await userWithAuthenticatorApp();
    const first = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
    if (first.status !== "second-factor-required") throw new Error("expected a challenge");
    const session = await (await callerFor(tenant, { challengeToken: first.challengeToken })).challenge.complete({
      proof: { method: "totp", code: generateTotpForStep(bytes, step) },
      rememberBrowser: true,
    });
    expect(session.deviceToken).toBeTruthy();
    const again = expectSignedIn(await (await callerFor(tenant, { deviceToken: session.deviceToken })).auth.signIn({ email: user.email, password: user.password }));
    expect(again.sessionToken).toBeTruthy();
    const elsewhere = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
    expect(elsewhere.status).toBe("second-factor-required");
  });
});
