import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import type { Tenant } from "@rekey/core";
import { createTestTenant, expectSignedIn } from "@rekey/core/testing";
import { generateTotpForStep, totpStepAt } from "../../core/src/factors/totp/totp-parameters";
import { callerFor, errorCodeOf, saveCodesIfWaiting } from "./support";
import {
  cancelTokenMailedTo,
  endCoolingOff,
  endWaitingPeriod,
  ownerWithTotp,
  ownerWithUsableContacts,
  recoveryIdSeenBy,
  signedInPerson,
  type Caller,
} from "./trusted-contacts-fixtures";

/** Someone starts "ask my trusted contacts" for the owner; their browser keeps the token. */
async function startRecovery(tenant: Tenant, email: string) {
  const { recoveryToken } = await (await callerFor(tenant)).recovery.startWithContacts({ email });
  return { recoveryToken, recovering: await callerFor(tenant, { recoveryToken }) };
}

/** A contact confirms "yes, they asked me" and reads the code out. */
async function vouch(contact: Caller) {
  return contact.helping.vouch({ recoveryId: await recoveryIdSeenBy(contact) });
}

/** Both contacts vouch and the recovering browser types both codes in. */
async function collectCodes(recovering: Caller, contacts: { caller: Caller }[]) {
  for (const contact of contacts) await recovering.recovery.submitCode({ code: (await vouch(contact.caller)).code });
}

describe("recovering an account with trusted contacts, through the API", () => {
  it("goes from invitation to a recovered session that must enrol a new factor first", async () => {
    const tenant = await createTestTenant();
    const owner = await ownerWithTotp(tenant);
    expect(await owner.caller.factors.list()).toHaveLength(1);

    // Two people accept on their own page, signed in to their own accounts.
    const contacts = [await signedInPerson(tenant, "Carla Contact"), await signedInPerson(tenant, "Dev Contact")];
    for (const contact of contacts) {
      await owner.caller.contacts.invite({ email: contact.user.email });
      const [invitation] = (await contact.caller.helping.list()).invitations;
      expect(invitation?.owner).toEqual({ name: "Olive Owner", email: owner.user.email });
      const answer = await contact.caller.helping.answerInvitation({ contactId: invitation!.contactId, answer: "accept" });
      expect(answer.status).toBe("accepted");
      expect(answer.usableFrom!.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600_000);
    }
    expect((await owner.caller.contacts.list()).contacts.map((contact) => contact.state)).toEqual(["cooling-off", "cooling-off"]);
    // Still cooling off: a start asks nobody.
    await startRecovery(tenant, owner.user.email);
    expect((await contacts[0]!.caller.helping.list()).requests).toEqual([]);
    expect(await getDb().contactRecovery.count({ where: { tenantId: tenant.id, userId: owner.user.id } })).toBe(0);

    await endCoolingOff(owner.user.id);
    expect((await owner.caller.contacts.list()).usableCount).toBe(2);

    const { recovering } = await startRecovery(tenant, owner.user.email);
    expect(await recovering.recovery.status()).toMatchObject({ status: "open", threshold: 2, codesAccepted: 0, canFinishWithoutPassword: false });
    expect(await errorCodeOf(recovering.recovery.finish({ proof: { kind: "password", password: owner.user.password } }))).toBe("CONFLICT");

    const first = await vouch(contacts[0]!.caller);
    expect(first.code).toMatch(/^\d{4} \d{4}$/);
    expect(first.ownerName).toBe("Olive Owner");
    expect(first.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect((await contacts[0]!.caller.helping.list()).requests[0]).toMatchObject({ state: "code-shown" });
    expect(await recovering.recovery.submitCode({ code: first.code })).toMatchObject({ codesAccepted: 1 });
    expect((await contacts[0]!.caller.helping.list()).requests[0]).toMatchObject({ state: "code-used", codeExpiresAt: null });
    // A used code counts once; the same contact cannot vouch twice.
    expect(await errorCodeOf(recovering.recovery.submitCode({ code: first.code }))).toBe("INVALID_CREDENTIALS");
    expect(await errorCodeOf(vouch(contacts[0]!.caller))).toBe("CONFLICT");

    const second = await vouch(contacts[1]!.caller);
    // Typed as read out over the phone: dashes instead of the space.
    expect(await recovering.recovery.submitCode({ code: second.code.replace(" ", "-") })).toMatchObject({ codesAccepted: 2 });
    expect(await recovering.recovery.status()).toMatchObject({ status: "open", codesAccepted: 2, threshold: 2, canFinishWithoutPassword: false });

    // Codes plus the password: two proofs (S25). A wrong password is not one.
    expect(await errorCodeOf(recovering.recovery.finish({ proof: { kind: "password", password: "not the password at all" } }))).toBe("INVALID_CREDENTIALS");
    const finished = await recovering.recovery.finish({ proof: { kind: "password", password: owner.user.password } });
    expect(finished).toMatchObject({ status: "signed-in", userId: owner.user.id, secondFactorDue: true });
    expect(finished.frozenUntil).toBeInstanceOf(Date);

    const recovered = await callerFor(tenant, { sessionToken: finished.sessionToken });
    expect(await recovered.auth.session()).toMatchObject({ user: { id: owner.user.id }, restriction: "enrol-second-factor", isRecovered: true });
    // Every earlier session of the owner is dead (S11).
    for (const sessionToken of owner.earlierSessionTokens) {
      const old = await callerFor(tenant, { sessionToken });
      expect(await old.auth.session()).toBeNull();
      expect(await errorCodeOf(old.contacts.list())).toBe("UNAUTHENTICATED");
    }
    // The contacts are not signed out.
    expect((await contacts[0]!.caller.helping.list()).requests).toEqual([]);
    expect(await recovering.recovery.status()).toMatchObject({ status: "completed" });
    expect(await errorCodeOf(recovering.recovery.finish({ proof: { kind: "password", password: owner.user.password } }))).toBe("CONFLICT");

    // Nothing else until a new factor is enrolled and its codes saved.
    expect(await errorCodeOf(recovered.devices.list())).toBe("SETUP_REQUIRED");
    expect(await errorCodeOf(recovered.contacts.list())).toBe("SETUP_REQUIRED");
    expect(await errorCodeOf(recovered.activity.list())).toBe("SETUP_REQUIRED");
    expect(await recovered.factors.list()).toEqual([]);
    const enrolment = await recovered.totp.start({ name: "New phone" });
    const seed = Secret.fromBase32(enrolment.secretGroups.replace(/\s+/g, "")).bytes;
    const activation = await recovered.totp.activate({ factorId: enrolment.factorId, code: generateTotpForStep(seed, totpStepAt(new Date())) });
    expect(activation.status).toBe("awaiting-recovery-codes");
    expect(await errorCodeOf(recovered.devices.list())).toBe("SETUP_REQUIRED");
    expect(await saveCodesIfWaiting(recovered, activation)).toHaveLength(10);

    expect((await recovered.auth.session())?.restriction).toBeNull();
    const devices = await recovered.devices.list();
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ isCurrent: true, methods: expect.arrayContaining(["account_recovery", "password"]) });
    expect((await recovered.contacts.list()).usableCount).toBe(2);
    const audit = await getDb().auditEvent.findMany({ where: { tenantId: tenant.id, userId: owner.user.id }, select: { type: true } });
    expect(audit.map((event) => event.type)).toEqual(
      expect.arrayContaining(["contacts.invited", "contacts.accepted", "recovery.started", "recovery.contact_vouched", "recovery.code_accepted", "recovery.completed"]),
    );
  });

  it("finishes without the password only after the waiting period, and the new password then signs in", async () => {
    const tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const { recovering } = await startRecovery(tenant, owner.user.email);
    await collectCodes(recovering, contacts);
    const newPassword = "a brand new passphrase for olive 7";

    const early = await recovering.recovery.finish({ proof: { kind: "waiting-period", newPassword } }).catch((error: unknown) => error);
    expect(await errorCodeOf(Promise.reject(early))).toBe("CONFLICT");
    expect(await recovering.recovery.status()).toMatchObject({ status: "open", codesAccepted: 2, canFinishWithoutPassword: false });

    await endWaitingPeriod(owner.user.id);
    expect(await recovering.recovery.status()).toMatchObject({ canFinishWithoutPassword: true });
    expect(await errorCodeOf(recovering.recovery.finish({ proof: { kind: "waiting-period", newPassword: "short" } }))).toBe("WEAK_PASSWORD");
    const finished = await recovering.recovery.finish({ proof: { kind: "waiting-period", newPassword } });
    expect(finished).toMatchObject({ status: "signed-in", userId: owner.user.id, secondFactorDue: true });
    const recovered = await callerFor(tenant, { sessionToken: finished.sessionToken });
    expect(await recovered.auth.session()).toMatchObject({ restriction: "enrol-second-factor", isRecovered: true });
    expect(await owner.caller.auth.session()).toBeNull();

    const anonymous = await callerFor(tenant);
    expect(await errorCodeOf(anonymous.auth.signIn({ email: owner.user.email, password: owner.user.password }))).toBe("INVALID_CREDENTIALS");
    // Every factor went with the recovery: until the recovering session adds one, no password
    // alone signs in, not even the new one.
    expect(await errorCodeOf(anonymous.auth.signIn({ email: owner.user.email, password: newPassword }))).toBe("FORBIDDEN");
    const enrolment = await recovered.totp.start({ name: "New phone" });
    const seed = Secret.fromBase32(enrolment.secretGroups.replace(/\s+/g, "")).bytes;
    await saveCodesIfWaiting(recovered, await recovered.totp.activate({ factorId: enrolment.factorId, code: generateTotpForStep(seed, totpStepAt(new Date())) }));
    // Now the password leads to the new second factor, as for any account with one.
    expect(await anonymous.auth.signIn({ email: owner.user.email, password: newPassword })).toMatchObject({ status: "second-factor-required" });
  });

  it("cannot finish with one code fewer than the threshold, with or without the password", async () => {
    const tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const { recovering } = await startRecovery(tenant, owner.user.email);
    await recovering.recovery.submitCode({ code: (await vouch(contacts[0]!.caller)).code });
    await endWaitingPeriod(owner.user.id);
    expect(await errorCodeOf(recovering.recovery.finish({ proof: { kind: "password", password: owner.user.password } }))).toBe("CONFLICT");
    expect(await errorCodeOf(recovering.recovery.finish({ proof: { kind: "waiting-period", newPassword: "a brand new passphrase for olive 7" } }))).toBe("CONFLICT");
    expect(await owner.caller.auth.session()).not.toBeNull();
  });

  it("counts one relay code once when it is submitted five times at once", async () => {
    const tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const { recoveryToken, recovering } = await startRecovery(tenant, owner.user.email);
    const { code } = await vouch(contacts[0]!.caller);
    const results = await Promise.all(
      Array.from({ length: 5 }, async () => errorCodeOf((await callerFor(tenant, { recoveryToken })).recovery.submitCode({ code }))),
    );
    expect(results.filter((result) => result === "no error")).toHaveLength(1);
    expect(results.filter((result) => result === "INVALID_CREDENTIALS")).toHaveLength(4);
    expect(await recovering.recovery.status()).toMatchObject({ codesAccepted: 1 });
  });

  it("completes once when finish is called twice at once", async () => {
    const tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const { recoveryToken, recovering } = await startRecovery(tenant, owner.user.email);
    await collectCodes(recovering, contacts);
    const results = await Promise.all(
      Array.from({ length: 2 }, async () =>
        errorCodeOf((await callerFor(tenant, { recoveryToken })).recovery.finish({ proof: { kind: "password", password: owner.user.password } })),
      ),
    );
    expect(results.sort()).toEqual(["CONFLICT", "no error"]);
    expect(await getDb().session.count({ where: { userId: owner.user.id, revokedAt: null } })).toBe(1);
  });

  it("stops when a contact says they were not asked, and when the owner's cancel link is opened", async () => {
    const tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const refused = await startRecovery(tenant, owner.user.email);
    await refused.recovering.recovery.submitCode({ code: (await vouch(contacts[0]!.caller)).code });
    expect(await contacts[1]!.caller.helping.refuse({ recoveryId: await recoveryIdSeenBy(contacts[1]!.caller) })).toEqual({ status: "refused" });
    expect(await refused.recovering.recovery.status()).toMatchObject({ status: "refused" });
    expect(await errorCodeOf(refused.recovering.recovery.finish({ proof: { kind: "password", password: owner.user.password } }))).toBe("CONFLICT");

    const cancelled = await startRecovery(tenant, owner.user.email);
    const cancelToken = await cancelTokenMailedTo(tenant.id, owner.user.email);
    expect(await (await callerFor(tenant)).recovery.cancel({ token: cancelToken })).toEqual({ status: "cancelled" });
    expect(await cancelled.recovering.recovery.status()).toMatchObject({ status: "cancelled" });
    expect(await errorCodeOf(contacts[0]!.caller.helping.vouch({ recoveryId: "crc_doesnotexist" }))).toBe("NOT_FOUND");
    expect((await contacts[0]!.caller.helping.list()).requests).toEqual([]);
    // The link is single use.
    expect(await errorCodeOf((await callerFor(tenant)).recovery.cancel({ token: cancelToken }))).toBe("TOKEN_INVALID");
    expect(await owner.caller.auth.session()).not.toBeNull();
  });
});
