import { afterAll, describe, expect, it } from "vitest";
import { answerContactInvitation } from "../../src/contacts/answer-contact-invitation";
import { findContactDuties } from "../../src/contacts/find-contact-duties";
import { inviteTrustedContact } from "../../src/contacts/invite-trusted-contact";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { findContactRecovery } from "../../src/recovery/find-contact-recovery";
import { refuseRecovery } from "../../src/recovery/refuse-recovery";
import { vouchForRecovery } from "../../src/recovery/vouch-for-recovery";
import {
  createTestTenant,
  createTestUser,
  db,
  expectAppError,
  movableClock,
  ownerWithUsableContacts,
  recoveryRow,
  startRealRecovery,
  startRecovery,
  submit,
  testContext,
  vouch,
} from "./fixtures";

// Tenants are separate worlds: the same address in another tenant is another person, who can
// neither take an invitation of this tenant nor vouch for one of its accounts.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

describe("an account of tenant B with the invited address", () => {
  it("cannot accept tenant A's invitation, through either tenant", async () => {
    const tenantA = await createTestTenant();
    const tenantB = await createTestTenant();
    const clock = movableClock();
    const owner = await createTestUser(tenantA.id);
    const email = `shared-${Date.now()}@example.test`;
    const twinB = await createTestUser(tenantB.id, { email });
    const { contactId } = await inviteTrustedContact({ db, tenant: tenantA, ownerId: owner.id, email, context: testContext(), clock });

    await expectAppError(answerContactInvitation({ db, tenant: tenantB, userId: twinB.id, contactId, answer: "accept", context: testContext(), clock }), "NOT_FOUND");
    await expectAppError(answerContactInvitation({ db, tenant: tenantA, userId: twinB.id, contactId, answer: "accept", context: testContext(), clock }), "NOT_FOUND");
    await expect(findContactDuties({ db, tenant: tenantB, userId: twinB.id, clock })).resolves.toEqual({ invitations: [], helping: [], requests: [] });
    await expect(db.trustedContact.findUniqueOrThrow({ where: { id: contactId }, select: { status: true, contactUserId: true } })).resolves.toEqual({ status: "invited", contactUserId: null });

    // The person of tenant A with that address can.
    const twinA = await createTestUser(tenantA.id, { email });
    await expect(answerContactInvitation({ db, tenant: tenantA, userId: twinA.id, contactId, answer: "accept", context: testContext(), clock })).resolves.toMatchObject({ status: "accepted" });
  });
});

describe("an account of tenant B and a recovery of tenant A", () => {
  it("cannot vouch for it or refuse it, and tenant B knows neither the recovery nor its owner", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant: tenantA, clock, owner, contacts } = setup;
    const { token, recoveryId } = await startRealRecovery(setup);
    const tenantB = await createTestTenant();
    // Same address as a contact of A, in tenant B.
    const twinB = await createTestUser(tenantB.id, { email: contacts[0]!.email });

    for (const tenant of [tenantA, tenantB]) {
      await expectAppError(vouchForRecovery({ db, tenant, contactUserId: twinB.id, recoveryId, context: testContext(), clock }), "NOT_FOUND");
      await expectAppError(refuseRecovery({ db, tenant, contactUserId: twinB.id, recoveryId, context: testContext(), clock }), "NOT_FOUND");
    }
    // A's own contact through tenant B's door gets nothing either.
    await expectAppError(vouchForRecovery({ db, tenant: tenantB, contactUserId: contacts[0]!.id, recoveryId, context: testContext(), clock }), "NOT_FOUND");
    await expect(findContactDuties({ db, tenant: tenantB, userId: twinB.id, clock })).resolves.toEqual({ invitations: [], helping: [], requests: [] });
    await expect(db.relayCode.count({ where: { recoveryId, codeHash: { not: null } } })).resolves.toBe(0);

    // The attempt's token means nothing to tenant B, even with a good code.
    const code = await vouch(setup, contacts[0]!, recoveryId);
    await expectAppError(findContactRecovery({ db, tenant: tenantB, token, clock }), "TOKEN_INVALID");
    await expectAppError(submit(tenantB, token, code, clock), "TOKEN_INVALID");
    await expect(db.relayCode.count({ where: { recoveryId, usedAt: { not: null } } })).resolves.toBe(0);

    // Starting a recovery of the owner's address in tenant B makes a decoy, not a real one.
    const elsewhere = await startRecovery(tenantB, owner.email, clock);
    await expect(recoveryRow(elsewhere.token)).resolves.toMatchObject({ userId: null, tenantId: tenantB.id });
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "open" });
  });
});
