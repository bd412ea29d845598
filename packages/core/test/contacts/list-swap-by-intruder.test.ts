import { afterAll, describe, expect, it } from "vitest";
import { days, minutes } from "../../src/clock";
import { findContactDuties } from "../../src/contacts/find-contact-duties";
import { findTrustedContacts } from "../../src/contacts/find-trusted-contacts";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { vouchForRecovery } from "../../src/recovery/vouch-for-recovery";
import { createPerson, createTestTenant, db, expectAppError, inviteAndAccept, movableClock, recoveryRow, startRecovery, testContext } from "./fixtures";

// Someone who got into the account (a stolen session) swaps the contacts for friends of theirs,
// then "recovers" the account after the owner takes it back. A newly accepted contact must not
// help before the cooling-off period has run (S24).

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

describe("a contact still cooling off", () => {
  it("cannot help: a recovery started a minute before the end of cooling-off is a decoy, and the contact gets no code", async () => {
    const tenant = await createTestTenant();
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const accomplices = [await createPerson(tenant), await createPerson(tenant)];
    const contactIds = [];
    for (const accomplice of accomplices) contactIds.push(await inviteAndAccept(tenant, owner, accomplice, clock));

    clock.advance(days(tenant.policy.contacts.coolingOffDays) - minutes(1));
    const overview = await findTrustedContacts({ db, tenant, ownerId: owner.id, clock });
    expect(overview.contacts.map((contact) => contact.state)).toEqual(["cooling-off", "cooling-off"]);
    expect(overview.usableCount).toBe(0);

    const { token } = await startRecovery(tenant, owner.email, clock);
    const attempt = await recoveryRow(token);
    expect(attempt.userId).toBeNull();
    await expect(db.relayCode.count({ where: { recoveryId: attempt.id } })).resolves.toBe(0);
    await expect(db.auditEvent.count({ where: { tenantId: tenant.id, type: "recovery.started" } })).resolves.toBe(0);
    for (const accomplice of accomplices) {
      await expectAppError(vouchForRecovery({ db, tenant, contactUserId: accomplice.id, recoveryId: attempt.id, context: testContext(), clock }), "NOT_FOUND");
      const duties = await findContactDuties({ db, tenant, userId: accomplice.id, clock });
      expect(duties.requests).toEqual([]);
    }
    // No mail to the accomplices asking for help either.
    await expect(db.outboxMessage.count({ where: { tenantId: tenant.id, recipient: { in: accomplices.map((person) => person.email) }, subject: { contains: "may need your help" } } })).resolves.toBe(0);

    // Once the period has run, the same contacts can help: the cooling-off was what refused them.
    clock.advance(minutes(2));
    const { token: later } = await startRecovery(tenant, owner.email, clock);
    const real = await recoveryRow(later);
    expect(real.userId).toBe(owner.id);
    const code = await vouchForRecovery({ db, tenant, contactUserId: accomplices[0]!.id, recoveryId: real.id, context: testContext(), clock });
    expect(code.code).toMatch(/^\d{4} \d{4}$/);
  });

  it("counts only the usable contacts: one old contact plus one just swapped in is not enough for a threshold of two", async () => {
    const tenant = await createTestTenant();
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const friend = await createPerson(tenant);
    const accomplice = await createPerson(tenant);
    await inviteAndAccept(tenant, owner, friend, clock);
    clock.advance(days(30));
    await inviteAndAccept(tenant, owner, accomplice, clock);
    clock.advance(days(1));

    const { token } = await startRecovery(tenant, owner.email, clock);
    const attempt = await recoveryRow(token);
    expect(attempt.userId).toBeNull();
    await expectAppError(vouchForRecovery({ db, tenant, contactUserId: friend.id, recoveryId: attempt.id, context: testContext(), clock }), "NOT_FOUND");
    await expectAppError(vouchForRecovery({ db, tenant, contactUserId: accomplice.id, recoveryId: attempt.id, context: testContext(), clock }), "NOT_FOUND");
  });

  it("never asks a cooling-off contact even when enough other contacts make the recovery real", async () => {
    const tenant = await createTestTenant();
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const friends = [await createPerson(tenant), await createPerson(tenant)];
    for (const friend of friends) await inviteAndAccept(tenant, owner, friend, clock);
    clock.advance(days(10));
    const newcomer = await createPerson(tenant);
    const newcomerContactId = await inviteAndAccept(tenant, owner, newcomer, clock);
    clock.advance(days(1));

    const { token } = await startRecovery(tenant, owner.email, clock);
    const attempt = await recoveryRow(token);
    expect(attempt.userId).toBe(owner.id);
    await expect(db.relayCode.count({ where: { recoveryId: attempt.id } })).resolves.toBe(2);
    await expect(db.relayCode.count({ where: { recoveryId: attempt.id, contactId: newcomerContactId } })).resolves.toBe(0);
    await expectAppError(vouchForRecovery({ db, tenant, contactUserId: newcomer.id, recoveryId: attempt.id, context: testContext(), clock }), "NOT_FOUND");
  });
});
