import { afterAll, describe, expect, it } from "vitest";
import { days } from "../../src/clock";
import { answerContactInvitation } from "../../src/contacts/answer-contact-invitation";
import { findContactDuties } from "../../src/contacts/find-contact-duties";
import { findTrustedContacts } from "../../src/contacts/find-trusted-contacts";
import { inviteTrustedContact } from "../../src/contacts/invite-trusted-contact";
import { leaveTrustedContact } from "../../src/contacts/leave-trusted-contact";
import { removeTrustedContact } from "../../src/contacts/remove-trusted-contact";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { auditCount, createPerson, createTestTenant, db, expectAppError, findMessagesTo, inviteAndAccept, movableClock, tallyCodes, testContext, type TestClock } from "./fixtures";

// Someone uses the invitation to learn who has an account, fills an owner's list, takes an
// invitation meant for someone else (a forwarded mail), or answers one long expired (S24, S5, S27).

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function invite(tenant: Tenant, ownerId: string, email: string, clock: TestClock) {
  return inviteTrustedContact({ db, tenant, ownerId, email, context: testContext(), clock });
}

function answer(tenant: Tenant, userId: string, contactId: string, reply: "accept" | "decline", clock: TestClock) {
  return answerContactInvitation({ db, tenant, userId, contactId, answer: reply, context: testContext(), clock });
}

describe("learning who has an account by inviting them (S5)", () => {
  it("answers the same whether the invited address has an account or not; only the mail says how to go on", async () => {
    const tenant = await createTestTenant();
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const member = await createPerson(tenant);
    const stranger = `nobody-${Date.now()}@example.test`;

    const withAccount = await invite(tenant, owner.id, member.email, clock);
    const withoutAccount = await invite(tenant, owner.id, stranger, clock);
    expect(Object.keys(withAccount)).toEqual(["contactId"]);
    expect(Object.keys(withoutAccount)).toEqual(["contactId"]);
    expect(withAccount.contactId).toMatch(/^tct_/);
    expect(withoutAccount.contactId).toMatch(/^tct_/);

    const overview = await findTrustedContacts({ db, tenant, ownerId: owner.id, clock });
    expect(overview.contacts.map((contact) => contact.state)).toEqual(["invited", "invited"]);
    expect(overview.contacts.map((contact) => contact.name)).toEqual([null, null]);

    const [toMember] = await findMessagesTo(tenant.id, member.email);
    const [toStranger] = await findMessagesTo(tenant.id, stranger);
    expect(toMember?.subject).toBe(toStranger?.subject);
    expect(toMember?.text).toContain("/trusted-contacts/helping");
    expect(toStranger?.text).toContain("/sign-up");
  });
});

describe("filling the list (max contacts)", () => {
  it("refuses an invitation past the tenant's maximum with CONFLICT; an expired invitation frees its place", async () => {
    const tenant = await createTestTenant({ contacts: { max: 2, threshold: 1 } });
    const clock = movableClock();
    const owner = await createPerson(tenant);
    await invite(tenant, owner.id, "first@example.test", clock);
    await invite(tenant, owner.id, "second@example.test", clock);
    await expectAppError(invite(tenant, owner.id, "third@example.test", clock), "CONFLICT");
    // Inviting the same address again re-sends, and takes no new place.
    await expect(invite(tenant, owner.id, "second@example.test", clock)).resolves.toMatchObject({ contactId: expect.stringMatching(/^tct_/) });
    await expect(auditCount(tenant.id, "contacts.invitation_resent", owner.id)).resolves.toBe(1);

    clock.advance(days(15));
    await expect(invite(tenant, owner.id, "third@example.test", clock)).resolves.toMatchObject({ contactId: expect.stringMatching(/^tct_/) });
  });

  it("lets exactly one of two invitations racing for the last place win", async () => {
    const tenant = await createTestTenant({ contacts: { max: 2, threshold: 1 } });
    const clock = movableClock();
    const owner = await createPerson(tenant);
    await invite(tenant, owner.id, "first@example.test", clock);

    const results = await Promise.allSettled([invite(tenant, owner.id, "racer-a@example.test", clock), invite(tenant, owner.id, "racer-b@example.test", clock)]);
    expect(tallyCodes(results)).toEqual({ ok: 1, CONFLICT: 1 });
    await expect(db.trustedContact.count({ where: { tenantId: tenant.id, ownerId: owner.id, status: "invited" } })).resolves.toBe(2);
  });

  // An expired invitation holds no place; naming its address again takes one, so it must fit.
  it("keeps the list at the maximum when an expired invitation is sent again into a full list", async () => {
    const tenant = await createTestTenant({ contacts: { max: 2, threshold: 1 } });
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const people = [await createPerson(tenant), await createPerson(tenant), await createPerson(tenant)];
    await invite(tenant, owner.id, people[0]!.email, clock);
    clock.advance(days(15));
    await invite(tenant, owner.id, people[1]!.email, clock);
    await invite(tenant, owner.id, people[2]!.email, clock);

    await Promise.allSettled([invite(tenant, owner.id, people[0]!.email, clock)]);
    const open = await db.trustedContact.findMany({ where: { tenantId: tenant.id, ownerId: owner.id, status: "invited" }, select: { id: true, email: true } });
    for (const contact of open) {
      const person = people.find((candidate) => candidate.email === contact.email)!;
      await Promise.allSettled([answer(tenant, person.id, contact.id, "accept", clock)]);
    }
    const overview = await findTrustedContacts({ db, tenant, ownerId: owner.id, clock });
    // The expired invitation stays listed (to withdraw), but only the others hold places.
    const holding = overview.contacts.filter((contact) => contact.state !== "invitation-expired");
    expect(holding.length).toBeLessThanOrEqual(tenant.policy.contacts.max);
    expect(overview.contacts.filter((contact) => contact.state === "usable" || contact.state === "cooling-off")).toHaveLength(2);
  });

  it("refuses the owner's own address, however it is typed", async () => {
    const tenant = await createTestTenant();
    const owner = await createPerson(tenant);
    await expectAppError(invite(tenant, owner.id, owner.email, movableClock()), "BAD_REQUEST");
    await expectAppError(invite(tenant, owner.id, `  ${owner.email.toUpperCase()} `, movableClock()), "BAD_REQUEST");
    await expect(db.trustedContact.count({ where: { tenantId: tenant.id, ownerId: owner.id } })).resolves.toBe(0);
  });
});

describe("taking an invitation meant for someone else (S24)", () => {
  it("lets only the signed-in account whose verified address was invited accept; anyone else gets NOT_FOUND", async () => {
    const tenant = await createTestTenant();
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const invited = await createPerson(tenant);
    const forwardedTo = await createPerson(tenant);
    const { contactId } = await invite(tenant, owner.id, invited.email, clock);

    await expectAppError(answer(tenant, forwardedTo.id, contactId, "accept", clock), "NOT_FOUND");
    await expectAppError(answer(tenant, owner.id, contactId, "accept", clock), "NOT_FOUND");
    await expect(findContactDuties({ db, tenant, userId: forwardedTo.id, clock })).resolves.toEqual({ invitations: [], helping: [], requests: [] });
    await expect(db.trustedContact.findUniqueOrThrow({ where: { id: contactId }, select: { status: true, contactUserId: true } })).resolves.toEqual({ status: "invited", contactUserId: null });

    const accepted = await answer(tenant, invited.id, contactId, "accept", clock);
    expect(accepted.status).toBe("accepted");
    expect(accepted.usableFrom).toEqual(new Date(clock.now().getTime() + days(7)));
    // Answered once: a second answer finds nothing open.
    await expectAppError(answer(tenant, invited.id, contactId, "decline", clock), "NOT_FOUND");
  });

  it("refuses an account holding the address whose email is not verified yet", async () => {
    const tenant = await createTestTenant();
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const unverified = await createPerson(tenant, { emailVerified: false });
    const { contactId } = await invite(tenant, owner.id, unverified.email, clock);
    await expectAppError(answer(tenant, unverified.id, contactId, "accept", clock), "NOT_FOUND");
    await expect(db.trustedContact.findUniqueOrThrow({ where: { id: contactId }, select: { status: true } })).resolves.toEqual({ status: "invited" });
  });

  it("refuses an invitation past its 14 days", async () => {
    const tenant = await createTestTenant();
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const invited = await createPerson(tenant);
    const { contactId } = await invite(tenant, owner.id, invited.email, clock);
    clock.advance(days(14) + 1);
    await expectAppError(answer(tenant, invited.id, contactId, "accept", clock), "CONFLICT");
    await expect(db.trustedContact.findUniqueOrThrow({ where: { id: contactId }, select: { status: true, usableFrom: true } })).resolves.toEqual({ status: "invited", usableFrom: null });
  });
});

describe("ending a contact: every way is audited and the owner is told (S27)", () => {
  async function noticesTo(tenantId: string, email: string, words: string) {
    return (await findMessagesTo(tenantId, email)).filter((message) => message.text.includes(words));
  }

  it("decline, withdraw, leave and remove each end the contact, write their audit row and queue a notice to the owner", async () => {
    const tenant = await createTestTenant();
    const clock = movableClock();
    const owner = await createPerson(tenant);
    const decliner = await createPerson(tenant);
    const withdrawn = await createPerson(tenant);
    const leaver = await createPerson(tenant);
    const removed = await createPerson(tenant);

    const declined = await invite(tenant, owner.id, decliner.email, clock);
    await expect(answer(tenant, decliner.id, declined.contactId, "decline", clock)).resolves.toEqual({ status: "declined", usableFrom: null });

    const invitation = await invite(tenant, owner.id, withdrawn.email, clock);
    await expect(removeTrustedContact({ db, tenant, ownerId: owner.id, contactId: invitation.contactId, context: testContext(), clock })).resolves.toEqual({ status: "withdrawn" });
    // Withdrawn: the invited person can no longer accept it.
    await expectAppError(answer(tenant, withdrawn.id, invitation.contactId, "accept", clock), "NOT_FOUND");

    const leaving = await inviteAndAccept(tenant, owner, leaver, clock);
    await expect(leaveTrustedContact({ db, tenant, userId: leaver.id, contactId: leaving, context: testContext(), clock })).resolves.toEqual({ status: "left" });
    await expectAppError(leaveTrustedContact({ db, tenant, userId: leaver.id, contactId: leaving, context: testContext(), clock }), "NOT_FOUND");

    const toRemove = await inviteAndAccept(tenant, owner, removed, clock);
    // Someone else cannot take the contact off the owner's list.
    await expectAppError(removeTrustedContact({ db, tenant, ownerId: leaver.id, contactId: toRemove, context: testContext(), clock }), "NOT_FOUND");
    await expect(removeTrustedContact({ db, tenant, ownerId: owner.id, contactId: toRemove, context: testContext(), clock })).resolves.toEqual({ status: "removed" });

    const rows = await db.trustedContact.findMany({ where: { tenantId: tenant.id, ownerId: owner.id }, select: { email: true, status: true, endReason: true } });
    expect(Object.fromEntries(rows.map((row) => [row.email, [row.status, row.endReason]]))).toEqual({
      [decliner.email]: ["ended", "declined"],
      [withdrawn.email]: ["ended", "withdrawn"],
      [leaver.email]: ["ended", "left"],
      [removed.email]: ["ended", "removed"],
    });
    for (const type of ["contacts.declined", "contacts.invitation_withdrawn", "contacts.left", "contacts.removed"]) {
      await expect(auditCount(tenant.id, type, owner.id), type).resolves.toBe(1);
    }
    await expect(auditCount(tenant.id, "contacts.invited", owner.id)).resolves.toBe(4);
    await expect(auditCount(tenant.id, "contacts.accepted", owner.id)).resolves.toBe(2);

    await expect(noticesTo(tenant.id, owner.email, `${decliner.email} declined your invitation`)).resolves.toHaveLength(1);
    await expect(noticesTo(tenant.id, owner.email, `The invitation to ${withdrawn.email} to be a trusted contact was withdrawn`)).resolves.toHaveLength(1);
    await expect(noticesTo(tenant.id, owner.email, `(${leaver.email}) is no longer one of your trusted contacts`)).resolves.toHaveLength(1);
    await expect(noticesTo(tenant.id, owner.email, `${removed.email} was removed from your trusted contacts`)).resolves.toHaveLength(1);
    await expect(noticesTo(tenant.id, owner.email, "accepted your invitation")).resolves.toHaveLength(2);
    const overview = await findTrustedContacts({ db, tenant, ownerId: owner.id, clock });
    expect(overview.contacts).toEqual([]);
  });
});
