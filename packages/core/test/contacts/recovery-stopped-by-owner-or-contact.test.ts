import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { findContactDuties } from "../../src/contacts/find-contact-duties";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { refuseRecovery } from "../../src/recovery/refuse-recovery";
import { vouchForRecovery } from "../../src/recovery/vouch-for-recovery";
import { expectSignedIn } from "../../src/testing";
import {
  addPhoneFactor,
  auditCount,
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
  vouch,
} from "./fixtures";

// A stranger starts a recovery of someone else's account. A contact who was not asked says so,
// or the owner simply signs in: either ends the attempt for good (S24, S27).

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

describe("a contact who was not asked", () => {
  it("ends the attempt (refused), warns the owner by email and text, and no code can be used after", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { phone } = await addPhoneFactor(tenant, owner.id);
    const { token, recoveryId } = await startRealRecovery(setup);
    const honest = await vouch(setup, setup.contacts[0]!, recoveryId);
    const [refuser] = [setup.contacts[1]!];
    await expect(findContactDuties({ db, tenant, userId: refuser.id, clock })).resolves.toMatchObject({ requests: [{ recoveryId, state: "asked" }] });

    await expect(refuseRecovery({ db, tenant, contactUserId: refuser.id, recoveryId, context: testContext(), clock })).resolves.toEqual({ status: "refused" });
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "refused" });
    await expect(auditCount(tenant.id, "recovery.contact_refused", owner.id)).resolves.toBe(1);
    const warnings = (await findMessagesTo(tenant.id, owner.email)).filter((message) => message.subject.includes("was stopped"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.text).toContain(`Contact 2 said you had not asked them`);
    const texts = (await findMessagesTo(tenant.id, phone)).filter((message) => message.text.includes("was stopped"));
    expect(texts).toHaveLength(1);

    const ended = await expectAppError(submit(tenant, token, honest, clock), "CONFLICT");
    expect(ended.details).toEqual(["refused"]);
    await expectAppError(vouchForRecovery({ db, tenant, contactUserId: setup.contacts[0]!.id, recoveryId, context: testContext(), clock }), "NOT_FOUND");
    await expectAppError(refuseRecovery({ db, tenant, contactUserId: refuser.id, recoveryId, context: testContext(), clock }), "NOT_FOUND");
    await expect(findContactDuties({ db, tenant, userId: refuser.id, clock })).resolves.toMatchObject({ requests: [] });
  });
});

describe("the owner signing in", () => {
  it("cancels an open recovery on a first sign-in from a new browser", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);

    expectSignedIn(await signInWithPassword({ db, tenant, email: owner.email, password: owner.password, context: testContext() }));
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "cancelled" });
    const audit = await db.auditEvent.findMany({ where: { tenantId: tenant.id, userId: owner.id, type: "recovery.cancelled" }, select: { data: true } });
    expect(audit).toEqual([{ data: expect.objectContaining({ reason: "owner_signed_in" }) }]);
    const refused = await expectAppError(finish(tenant, token, { kind: "password", password: owner.password }, clock), "CONFLICT");
    expect(refused.details).toEqual(["cancelled"]);
  });

  it("cancels an open recovery on a sign-in from a browser the account already used (the one-statement path)", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const first = expectSignedIn(await signInWithPassword({ db, tenant, email: owner.email, password: owner.password, context: testContext() }));
    expect(first.deviceToken).toEqual(expect.any(String));
    const { token, recoveryId } = await recoveryReadyToFinish(setup);

    const again = expectSignedIn(await signInWithPassword({ db, tenant, email: owner.email, password: owner.password, deviceToken: first.deviceToken, context: testContext() }));
    // A known browser: no new device cookie.
    expect(again.deviceToken).toBeNull();
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "cancelled" });
    const audit = await db.auditEvent.findMany({ where: { tenantId: tenant.id, userId: owner.id, type: "recovery.cancelled" }, select: { data: true } });
    expect(audit).toEqual([{ data: { recoveryId, reason: "owner_signed_in" } }]);
    const refused = await expectAppError(finish(tenant, token, { kind: "password", password: owner.password }, clock), "CONFLICT");
    expect(refused.details).toEqual(["cancelled"]);
  });

  it("does not cancel anything on a wrong password", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);
    await expectAppError(signInWithPassword({ db, tenant, email: owner.email, password: "not the password at all 1", context: testContext() }), "INVALID_CREDENTIALS");
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "open" });
  });
});
