import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestUser, findMessagesTo, tokenFromMessage } from "@rekey/core/testing";
import { hashToken } from "../../core/src/crypto/tokens";
import { generateTotpForStep, totpStepAt } from "../../core/src/factors/totp/totp-parameters";
import { appErrorOf, asRequestOptions, passkeyProvider, registerCredential } from "./factor-fixtures";
import { callerFor, errorCodeOf, saveCodesIfWaiting, signedInCaller } from "./support";
import { openTicketFor, realTicket } from "./support-fixtures";
import { auditRows, tenantWithKey } from "./tenant-api-user-fixtures";
import { ownerWithUsableContacts } from "./trusted-contacts-fixtures";

// users.disable: a disabled account gets in by no path (password, known browser, passkey, second
// factor, recovery code, trusted contacts, support, password reset) until users.enable. Where the
// answer could tell a stranger the account exists (forgot password, the recovery starts) it is the
// answer an unknown address gets (S5); where the person already proved who they are, it says so.

async function userWithTotpAndCodes(tenant: Awaited<ReturnType<typeof tenantWithKey>>["tenant"]) {
  const user = await createTestUser(tenant.id);
  const { caller } = await signedInCaller(tenant, user);
  const enrolment = await caller.totp.start({ name: "Phone" });
  const seed = Secret.fromBase32(enrolment.secretGroups.replace(/\s+/g, "")).bytes;
  const codes = await saveCodesIfWaiting(caller, await caller.totp.activate({ factorId: enrolment.factorId, code: generateTotpForStep(seed, totpStepAt(new Date()) - 1) }));
  return { user, seed, codes };
}

async function challengeFor(tenant: Parameters<typeof callerFor>[0], user: { email: string; password: string }) {
  const outcome = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
  if (outcome.status !== "second-factor-required") throw new Error(`expected a challenge, got ${outcome.status}`);
  return callerFor(tenant, { challengeToken: outcome.challengeToken });
}

describe("a disabled account", () => {
  it("cannot finish a sign-in that was waiting for its second factor, and its recovery code is not used up", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const { user, codes } = await userWithTotpAndCodes(tenant);
    const waiting = await challengeFor(tenant, user);
    await api.users.disable({ userId: user.id });

    expect(await errorCodeOf(waiting.challenge.complete({ proof: { method: "recovery_code", code: codes[0]! } }))).toBe("TOKEN_INVALID");
    // A new sign-in stops at the password, before any challenge.
    expect(await errorCodeOf((await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password }))).toBe("FORBIDDEN");
    expect(await getDb().session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);

    await api.users.enable({ userId: user.id });
    const again = await challengeFor(tenant, user);
    expect((await again.challenge.complete({ proof: { method: "recovery_code", code: codes[0]! } })).status).toBe("signed-in");
  });

  it("cannot complete a challenge reopened after the disable: the session step refuses it", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const { user, seed } = await userWithTotpAndCodes(tenant);
    const waiting = await challengeFor(tenant, user);
    await api.users.disable({ userId: user.id });
    // As if the challenge had been read just before the disable committed.
    await getDb().signInChallenge.updateMany({ where: { userId: user.id, completedAt: null }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    expect(await errorCodeOf(waiting.challenge.complete({ proof: { method: "totp", code: generateTotpForStep(seed, totpStepAt(new Date())) } }))).toBe("FORBIDDEN");
    expect(await getDb().session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
  });

  it("cannot sign in with a passkey, and can again once enabled", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const user = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, user);
    const passkeys = passkeyProvider();
    await registerCredential(caller, passkeys, "passkey");
    await api.users.disable({ userId: user.id });

    const anonymous = await callerFor(tenant);
    const refused = await appErrorOf(anonymous.passkey.signIn({ response: passkeys.authenticate(asRequestOptions(await anonymous.passkey.options())) }));
    expect(refused?.code).toBe("FORBIDDEN");
    expect(refused?.message).toContain("disabled");
    expect(await getDb().session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);

    await api.users.enable({ userId: user.id });
    const welcome = await callerFor(tenant);
    expect((await welcome.passkey.signIn({ response: passkeys.authenticate(asRequestOptions(await welcome.passkey.options())) })).status).toBe("signed-in");
  });

  it("gets no reset link, answered as an unknown address is, and a link mailed before the disable is dead", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const user = await createTestUser(tenant.id);
    const anonymous = await callerFor(tenant);
    await anonymous.password.requestReset({ email: user.email });
    const [earlier] = await findMessagesTo(tenant.id, user.email);
    const earlierToken = tokenFromMessage(earlier!);

    await api.users.disable({ userId: user.id });
    expect(await anonymous.password.requestReset({ email: user.email })).toEqual(await anonymous.password.requestReset({ email: "nobody@example.test" }));
    expect(await findMessagesTo(tenant.id, user.email)).toHaveLength(1);
    expect(await errorCodeOf(anonymous.password.reset({ token: earlierToken, newPassword: "a brand new passphrase 77" }))).toBe("TOKEN_INVALID");

    await api.users.enable({ userId: user.id });
    await anonymous.password.requestReset({ email: user.email });
    const [fresh] = await findMessagesTo(tenant.id, user.email);
    await anonymous.password.reset({ token: tokenFromMessage(fresh!), newPassword: "a brand new passphrase 77" });
    expect((await anonymous.auth.signIn({ email: user.email, password: "a brand new passphrase 77" })).status).toBe("signed-in");
  });

  it("cannot set a password with a reset link made after the disable (a racing request, or a \"this wasn't me\" link)", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const user = await createTestUser(tenant.id);
    await api.users.disable({ userId: user.id });
    const token = `late-link-${Date.now()}-${Math.random()}`;
    await getDb().emailToken.create({
      data: { id: `etk_${Date.now()}${Math.floor(Math.random() * 1e6)}`, tenantId: tenant.id, userId: user.id, purpose: "reset_password", tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const before = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(await errorCodeOf((await callerFor(tenant)).password.reset({ token, newPassword: "a brand new passphrase 77" }))).toBe("FORBIDDEN");
    expect(await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })).toEqual(before);
  });

  it("has its trusted-contacts recovery cancelled, and a new one is a decoy that tells nobody until it is enabled", async () => {
    const { tenant, api, apiKeyId } = await tenantWithKey(["users:write"]);
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const email = owner.user.email;
    await (await callerFor(tenant)).recovery.startWithContacts({ email });
    const started = await getDb().contactRecovery.findFirstOrThrow({ where: { userId: owner.user.id }, select: { id: true } });

    await api.users.disable({ userId: owner.user.id });
    expect(await getDb().contactRecovery.findUniqueOrThrow({ where: { id: started.id }, select: { status: true } })).toEqual({ status: "cancelled" });
    expect(await auditRows(tenant.id, "recovery.cancelled")).toEqual([
      { userId: owner.user.id, actorType: "api_key", actorId: apiKeyId, data: { recoveryId: started.id, reason: "account_disabled" } },
    ]);

    const mailsBefore = await Promise.all([email, ...contacts.map((contact) => contact.user.email)].map(async (to) => (await findMessagesTo(tenant.id, to)).length));
    const { recoveryToken } = await (await callerFor(tenant)).recovery.startWithContacts({ email });
    expect(await getDb().contactRecovery.findUniqueOrThrow({ where: { tokenHash: hashToken(recoveryToken) }, select: { userId: true } })).toEqual({ userId: null });
    const mailsAfter = await Promise.all([email, ...contacts.map((contact) => contact.user.email)].map(async (to) => (await findMessagesTo(tenant.id, to)).length));
    expect(mailsAfter).toEqual(mailsBefore);

    await api.users.enable({ userId: owner.user.id });
    const { recoveryToken: real } = await (await callerFor(tenant)).recovery.startWithContacts({ email });
    expect(await getDb().contactRecovery.findUniqueOrThrow({ where: { tokenHash: hashToken(real) }, select: { userId: true } })).toEqual({ userId: owner.user.id });
  });

  it("has its support request cancelled, and a new one is a decoy until it is enabled", async () => {
    const { tenant, api, apiKeyId } = await tenantWithKey(["users:write"]);
    const user = await createTestUser(tenant.id);
    const { ticketId } = await realTicket(tenant, user.email);

    await api.users.disable({ userId: user.id });
    expect(await getDb().supportTicket.findUniqueOrThrow({ where: { id: ticketId }, select: { status: true, endReason: true } })).toEqual({ status: "cancelled", endReason: "account_disabled" });
    expect(await auditRows(tenant.id, "support.ticket_cancelled")).toEqual([
      { userId: user.id, actorType: "api_key", actorId: apiKeyId, data: { ticketId, reason: "account_disabled" } },
    ]);
    const decoy = await openTicketFor(tenant, user.email);
    expect(await getDb().supportTicket.findUniqueOrThrow({ where: { statusTokenHash: hashToken(decoy.statusToken) }, select: { userId: true } })).toEqual({ userId: null });

    await api.users.enable({ userId: user.id });
    await expect(realTicket(tenant, user.email)).resolves.toMatchObject({ ticketId: expect.any(String) });
  });
});
