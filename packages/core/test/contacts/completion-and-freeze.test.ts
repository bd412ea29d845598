import { afterAll, describe, expect, it } from "vitest";
import { requestEmailChange } from "../../src/accounts/request-email-change";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { days, hours, minutes } from "../../src/clock";
import { removeTrustedContact } from "../../src/contacts/remove-trusted-contact";
import { inviteTrustedContact } from "../../src/contacts/invite-trusted-contact";
import { hashToken, newSecretToken } from "../../src/crypto/tokens";
import { closeDb } from "../../src/db/client";
import { removeFactor } from "../../src/factors/remove-factor";
import { newId } from "../../src/ids";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { issueRecoveryCodes } from "../../src/recovery-codes/issue-recovery-codes";
import { expectSignedIn } from "../../src/testing";
import {
  addPhoneFactor,
  db,
  expectAppError,
  findMessagesTo,
  finish,
  ownerWithUsableContacts,
  recoveryReadyToFinish,
  recoveryRow,
  startRealRecovery,
  submit,
  testContext,
  view,
  vouch,
  type ContactSetup,
} from "./fixtures";

// Codes from contacts alone never rebind an account: the password, or a waiting period every old
// channel was told about, must come too (S25). Then the account is the person's again with every
// old factor, code and session gone, and the changes an intruder would make next are frozen.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

const newPassword = "quiet lantern orbit 58 maple";

async function liveSessionRow(setup: ContactSetup): Promise<string> {
  const { id } = await db.session.create({
    data: { id: newId("session"), tenantId: setup.tenant.id, userId: setup.owner.id, tokenHash: hashToken(newSecretToken()), expiresAt: new Date(Date.now() + hours(1)) },
    select: { id: true },
  });
  return id;
}

describe("finishing with too little proof (S25)", () => {
  it("refuses with fewer codes than the threshold, whatever the second proof", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { token, recoveryId } = await startRealRecovery(setup);
    await expectAppError(finish(tenant, token, { kind: "password", password: owner.password }, clock), "CONFLICT");
    await submit(tenant, token, await vouch(setup, setup.contacts[0]!, recoveryId), clock);
    await expectAppError(finish(tenant, token, { kind: "password", password: owner.password }, clock), "CONFLICT");
    clock.advance(hours(25));
    await expectAppError(finish(tenant, token, { kind: "waiting-period", newPassword }, clock), "CONFLICT");
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "open" });
    await expect(db.auditEvent.count({ where: { tenantId: tenant.id, type: "recovery.completed" } })).resolves.toBe(0);
  });

  it("refuses a wrong password with INVALID_CREDENTIALS, counted on the sign-in throttle of the account", async () => {
    const setup = await ownerWithUsableContacts({ policy: { signIn: { maxFailuresPerAccount: 3 } } });
    const { tenant, clock, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);
    for (let guess = 0; guess < 3; guess += 1) {
      await expectAppError(finish(tenant, token, { kind: "password", password: `guess number ${guess} of many` }, clock), "INVALID_CREDENTIALS");
    }
    // The guesses through the recovery page closed the ordinary sign-in too, right password or not.
    await expectAppError(signInWithPassword({ db, tenant, email: owner.email, password: owner.password, context: testContext() }), "RATE_LIMITED");
    await expectAppError(finish(tenant, token, { kind: "password", password: owner.password }, clock), "RATE_LIMITED");
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "open" });
  });

  it("without the password, refuses before the waiting period ends (CONFLICT) and completes after it with a new password", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);
    const waitingUntil = (await recoveryRow(token)).waitingUntil;
    expect(waitingUntil).toEqual(new Date(clock.now().getTime() + hours(24)));

    clock.advance(hours(24) - minutes(1));
    expect((await view(tenant, token, clock)).canFinishWithoutPassword).toBe(false);
    const early = await expectAppError(finish(tenant, token, { kind: "waiting-period", newPassword }, clock), "CONFLICT");
    expect(early.details).toEqual([waitingUntil.toISOString()]);

    clock.advance(minutes(2));
    expect((await view(tenant, token, clock)).canFinishWithoutPassword).toBe(true);
    const completed = await finish(tenant, token, { kind: "waiting-period", newPassword }, clock);
    expect(completed.secondFactorDue).toBe(false);
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "completed" });
    const session = await db.session.findUniqueOrThrow({ where: { id: completed.sessionId }, select: { methods: true } });
    expect(session.methods).toEqual(["account_recovery"]);
    // The new password is the account's now; the old one no longer is.
    await expectAppError(signInWithPassword({ db, tenant, email: owner.email, password: owner.password, context: testContext() }), "INVALID_CREDENTIALS");
    expectSignedIn(await signInWithPassword({ db, tenant, email: owner.email, password: newPassword, context: testContext() }));
  });
});

describe("what completion leaves behind", () => {
  it("removes every factor and code set, signs out every old session, freezes for 3 days and tells the email and the removed phone", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { phone } = await addPhoneFactor(tenant, owner.id);
    await db.$transaction((tx) => issueRecoveryCodes({ tx, tenant, userId: owner.id, confirmed: true }));
    const oldSessions = [await liveSessionRow(setup), await liveSessionRow(setup)];
    const { token, recoveryId } = await recoveryReadyToFinish(setup);

    const completed = await finish(tenant, token, { kind: "password", password: owner.password }, clock);
    expect(completed).toMatchObject({ userId: owner.id, secondFactorDue: true, removedFactors: 1, signedOutSessions: 2 });
    expect(completed.frozenUntil).toEqual(new Date(clock.now().getTime() + days(3)));

    await expect(db.factor.count({ where: { tenantId: tenant.id, userId: owner.id } })).resolves.toBe(0);
    await expect(db.recoveryCodeSet.count({ where: { tenantId: tenant.id, userId: owner.id, replacedAt: null } })).resolves.toBe(0);
    await expect(db.recoveryCodeSet.count({ where: { tenantId: tenant.id, userId: owner.id } })).resolves.toBe(1);
    const sessions = await db.session.findMany({ where: { tenantId: tenant.id, userId: owner.id }, select: { id: true, revokedAt: true, methods: true, secondFactorDue: true } });
    for (const id of oldSessions) expect(sessions.find((session) => session.id === id)?.revokedAt).toEqual(clock.now());
    expect(sessions.find((session) => session.id === completed.sessionId)).toEqual({
      id: completed.sessionId,
      revokedAt: null,
      methods: ["account_recovery", "password"],
      secondFactorDue: true,
    });
    await expect(db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { recoveryFreezeUntil: true } })).resolves.toEqual({
      recoveryFreezeUntil: new Date(clock.now().getTime() + days(3)),
    });
    const audit = await db.auditEvent.findMany({ where: { tenantId: tenant.id, userId: owner.id, type: "recovery.completed" }, select: { data: true } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ recoveryId, method: "trusted_contacts", removedFactors: 1, signedOutSessions: 2, passwordChanged: false });

    const recovered = (await findMessagesTo(tenant.id, owner.email)).filter((message) => message.subject.includes("account was recovered"));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.text).toContain("/not-me#token=");
    const texts = (await findMessagesTo(tenant.id, phone)).filter((message) => message.text.includes("your account was recovered"));
    expect(texts).toHaveLength(1);
    await expect(db.outboxMessage.findUniqueOrThrow({ where: { id: texts[0]!.id }, select: { channel: true } })).resolves.toEqual({ channel: "sms" });
  });
});

describe("what an intruder does right after a recovery (freeze)", () => {
  it("refuses removing an accepted contact, changing the email and removing the last factor until the freeze ends", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);
    const completed = await finish(tenant, token, { kind: "password", password: owner.password }, clock);
    const frozenUntil = completed.frozenUntil!;

    const removal = () => removeTrustedContact({ db, tenant, ownerId: owner.id, contactId: setup.contacts[0]!.contactId, context: testContext(), clock });
    const frozen = await expectAppError(removal(), "CONFLICT");
    expect(frozen.details).toEqual([frozenUntil.toISOString()]);
    // An open invitation can still be withdrawn: it cannot help anyone yet.
    const { contactId } = await inviteTrustedContact({ db, tenant, ownerId: owner.id, email: "late@example.test", context: testContext(), clock });
    await expect(removeTrustedContact({ db, tenant, ownerId: owner.id, contactId, context: testContext(), clock })).resolves.toEqual({ status: "withdrawn" });

    const changeEmail = () => requestEmailChange({ db, tenant, userId: owner.id, currentPassword: owner.password, newEmail: `moved-${Date.now()}@example.test`, context: testContext() });
    await expectAppError(changeEmail(), "CONFLICT");

    const first = await addPhoneFactor(tenant, owner.id);
    const last = await addPhoneFactor(tenant, owner.id);
    // Removing one of two is no turning off, and stays allowed.
    await expect(removeFactor({ db, tenant, userId: owner.id, sessionId: completed.sessionId, factorId: first.factorId, context: testContext() })).resolves.toMatchObject({ twoFactorEnabled: true });
    await expectAppError(removeFactor({ db, tenant, userId: owner.id, sessionId: completed.sessionId, factorId: last.factorId, context: testContext() }), "CONFLICT");
    await expect(db.factor.count({ where: { id: last.factorId } })).resolves.toBe(1);

    // Just before the end still frozen; from the end on, allowed.
    clock.set(new Date(frozenUntil.getTime() - 1000));
    await expectAppError(removal(), "CONFLICT");
    clock.set(new Date(frozenUntil.getTime() + 1000));
    await expect(removal()).resolves.toEqual({ status: "removed" });

    // The other two read the system clock: end the freeze in the data.
    await db.$executeRaw`UPDATE "user" SET "recoveryFreezeUntil" = now() AT TIME ZONE 'UTC' - interval '1 minute' WHERE id = ${owner.id}`;
    await expect(changeEmail()).resolves.toMatchObject({ status: "check-your-email" });
    await expect(removeFactor({ db, tenant, userId: owner.id, sessionId: completed.sessionId, factorId: last.factorId, context: testContext() })).resolves.toMatchObject({ twoFactorEnabled: false });
  });
});
