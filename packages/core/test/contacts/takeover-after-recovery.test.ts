import { afterAll, describe, expect, it } from "vitest";
import { issueEmailToken } from "../../src/accounts/email-tokens";
import { reportNotMe } from "../../src/accounts/report-not-me";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { answerContactInvitation } from "../../src/contacts/answer-contact-invitation";
import { inviteTrustedContact } from "../../src/contacts/invite-trusted-contact";
import { setContactThreshold } from "../../src/contacts/set-contact-threshold";
import { closeDb } from "../../src/db";
import { closeJobQueue } from "../../src/outbox/job-queue";
import {
  addPhoneFactor,
  createPerson,
  db,
  expectAppError,
  findMessagesTo,
  finish,
  ownerWithUsableContacts,
  recoveryReadyToFinish,
  testContext,
  tokenFromMessage,
} from "./fixtures";

// What an intruder who holds one thing could do right after a recovery, and the owner's way back
// (S25, S27): a leaked password meets no account stripped of its factors, the "account recovered"
// notice's link survives the notices that follow, and the list of contacts cannot be emptied in
// effect by raising the number needed.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

describe("a password that leaked before the recovery", () => {
  it("does not sign in to the recovered account until its new method is on", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    await addPhoneFactor(tenant, owner.id);
    const { token } = await recoveryReadyToFinish(setup);
    const completed = await finish(tenant, token, { kind: "password", password: owner.password }, clock);
    expect(completed.secondFactorDue).toBe(true);
    await expect(db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { recoverySetupDue: true } })).resolves.toEqual({ recoverySetupDue: true });

    // The account has no factor now: the password alone would otherwise be a whole sign-in.
    const refused = await expectAppError(signInWithPassword({ db, tenant, email: owner.email, password: owner.password, context: testContext() }), "FORBIDDEN");
    expect(refused.message).toContain("just recovered");
    await expect(db.session.count({ where: { userId: owner.id, revokedAt: null } })).resolves.toBe(1);
  });
});

describe("the 'account recovered' notice's 'this wasn't me' link", () => {
  it("still works after later notices, and takes away the methods the recoverer added", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);
    await finish(tenant, token, { kind: "password", password: owner.password }, clock);
    const notice = (await findMessagesTo(tenant.id, owner.email)).find((message) => message.subject.includes("account was recovered"));
    const undoToken = tokenFromMessage(notice!);

    // The recoverer adds a method; its notice (and any other) issues a newer "this wasn't me" link.
    await addPhoneFactor(tenant, owner.id);
    await db.$transaction((tx) => issueEmailToken({ db: tx, tenantId: tenant.id, userId: owner.id, purpose: "not_me" }));

    await expect(reportNotMe({ db, tenant, token: undoToken, context: testContext() })).resolves.toEqual({ email: owner.email });
    await expect(db.factor.count({ where: { userId: owner.id } })).resolves.toBe(0);
    await expect(db.session.count({ where: { userId: owner.id, revokedAt: null } })).resolves.toBe(0);
    // The owner can sign in again once they set a new password from the reset link.
    await expect(db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { recoverySetupDue: true } })).resolves.toEqual({ recoverySetupDue: false });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { userId: owner.id, type: "account.reported_not_me" }, select: { data: true } });
    expect(audit.data).toMatchObject({ undoRecovery: true, removedFactors: 1 });
    // Single use, like every emailed link.
    await expectAppError(reportNotMe({ db, tenant, token: undoToken, context: testContext() }), "TOKEN_INVALID");
  });
});

describe("the number of contacts a recovery needs", () => {
  it("cannot be raised above the contacts who can help, during the freeze or not", async () => {
    const setup = await ownerWithUsableContacts({ count: 2, policy: { contacts: { threshold: 2, max: 5 } } });
    const { tenant, clock, owner } = setup;
    const set = (threshold: number) => setContactThreshold({ db, tenant, ownerId: owner.id, threshold, context: testContext(), clock });
    // Three would make every recovery a dead end while only two can help.
    await expectAppError(set(3), "CONFLICT");
    await expect(set(2)).resolves.toEqual({ threshold: 2 });

    // Right after a recovery, an intruder raising it to five would shut both contacts out.
    const { token } = await recoveryReadyToFinish(setup);
    await finish(tenant, token, { kind: "password", password: owner.password }, clock);
    await expectAppError(set(5), "CONFLICT");
    await expect(db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { contactThreshold: true } })).resolves.toEqual({ contactThreshold: 2 });
  });
});

describe("one person with two addresses", () => {
  it("fills one place only: the second invitation cannot be accepted by the same account", async () => {
    const setup = await ownerWithUsableContacts({ count: 1 });
    const { tenant, clock, owner, contacts } = setup;
    const friend = contacts[0]!;
    // The friend changes their address, and the owner is talked into naming "their other address".
    const otherAddress = `other-${friend.email}`;
    await db.user.update({ where: { id: friend.id }, data: { email: otherAddress } });
    const { contactId } = await inviteTrustedContact({ db, tenant, ownerId: owner.id, email: otherAddress, context: testContext(), clock });
    await expectAppError(answerContactInvitation({ db, tenant, userId: friend.id, contactId, answer: "accept", context: testContext(), clock }), "CONFLICT");
    await expect(db.trustedContact.count({ where: { ownerId: owner.id, contactUserId: friend.id, status: "accepted" } })).resolves.toBe(1);
    // Someone else can still take the place.
    const stranger = await createPerson(tenant);
    const next = await inviteTrustedContact({ db, tenant, ownerId: owner.id, email: stranger.email, context: testContext(), clock });
    await expect(answerContactInvitation({ db, tenant, userId: stranger.id, contactId: next.contactId, answer: "accept", context: testContext(), clock })).resolves.toMatchObject({ status: "accepted" });
  });
});
