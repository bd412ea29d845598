import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { callerFor, errorCodeOf, signedInCaller } from "./support";
import { cancelTokenMailedTo, ownerWithUsableContacts, recoveryIdSeenBy, signedInPerson, trpcFailureOf } from "./trusted-contacts-fixtures";

/**
 * Tenant A: an owner with two usable contacts, an open invitation and an open recovery.
 * Tenant B: people with the very same addresses as A's contact and A's invitee, signed in at B.
 */
async function twoTenants() {
  const tenantA = await createTestTenant();
  const tenantB = await createTestTenant();
  const { owner, contacts } = await ownerWithUsableContacts(tenantA, 2);
  const inviteeEmail = `invitee-${tenantA.slug}@example.test`;
  const invitation = await owner.caller.contacts.invite({ email: inviteeEmail });
  const { recoveryToken } = await (await callerFor(tenantA)).recovery.startWithContacts({ email: owner.user.email });
  const recoveryId = await recoveryIdSeenBy(contacts[0]!.caller);
  const contactTwinUser = await createTestUser(tenantB.id, { email: contacts[0]!.user.email, name: "Twin of the contact" });
  const inviteeTwinUser = await createTestUser(tenantB.id, { email: inviteeEmail, name: "Twin of the invitee" });
  const ownerTwinUser = await createTestUser(tenantB.id, { email: owner.user.email, name: "Twin of the owner" });
  return {
    tenantA,
    tenantB,
    owner,
    contacts,
    invitationId: invitation.contactId,
    recoveryToken,
    recoveryId,
    contactTwin: (await signedInCaller(tenantB, contactTwinUser)).caller,
    inviteeTwin: (await signedInCaller(tenantB, inviteeTwinUser)).caller,
    ownerTwin: (await signedInCaller(tenantB, ownerTwinUser)).caller,
  };
}

// S28: a caller of another tenant gets exactly the answer a missing object gets.
describe("trusted contacts across tenants", () => {
  it("shows a tenant-B session none of A's contacts, and removes them as if they did not exist", async () => {
    const { owner, contacts, invitationId, ownerTwin } = await twoTenants();
    expect((await ownerTwin.contacts.list()).contacts).toEqual([]);
    const foreign = await trpcFailureOf(ownerTwin.contacts.remove({ contactId: contacts[0]!.contactId }));
    const foreignInvitation = await trpcFailureOf(ownerTwin.contacts.remove({ contactId: invitationId }));
    const missing = await trpcFailureOf(ownerTwin.contacts.remove({ contactId: "tct_doesnotexist" }));
    expect(missing?.appCode).toBe("NOT_FOUND");
    expect(foreign).toEqual(missing);
    expect(foreignInvitation).toEqual(missing);
    expect((await owner.caller.contacts.list()).contacts).toHaveLength(3);
  });

  it("does not let the same address in tenant B see or answer A's invitation", async () => {
    const { owner, invitationId, inviteeTwin } = await twoTenants();
    expect((await inviteeTwin.helping.list()).invitations).toEqual([]);
    const foreign = await trpcFailureOf(inviteeTwin.helping.answerInvitation({ contactId: invitationId, answer: "accept" }));
    const missing = await trpcFailureOf(inviteeTwin.helping.answerInvitation({ contactId: "tct_doesnotexist", answer: "accept" }));
    expect(missing?.appCode).toBe("NOT_FOUND");
    expect(foreign).toEqual(missing);
    expect(await trpcFailureOf(inviteeTwin.helping.answerInvitation({ contactId: invitationId, answer: "decline" }))).toEqual(missing);
    expect((await owner.caller.contacts.list()).contacts.find((contact) => contact.id === invitationId)?.state).toBe("invited");
  });

  it("does not let the contact's twin in tenant B vouch for, refuse or leave anything of A", async () => {
    const { contacts, recoveryId, recoveryToken, tenantA, contactTwin } = await twoTenants();
    expect(await contactTwin.helping.list()).toEqual({ invitations: [], helping: [], requests: [] });
    const missingVouch = await trpcFailureOf(contactTwin.helping.vouch({ recoveryId: "crc_doesnotexist" }));
    expect(missingVouch?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(contactTwin.helping.vouch({ recoveryId }))).toEqual(missingVouch);
    expect(await trpcFailureOf(contactTwin.helping.refuse({ recoveryId }))).toEqual(await trpcFailureOf(contactTwin.helping.refuse({ recoveryId: "crc_doesnotexist" })));
    const missingLeave = await trpcFailureOf(contactTwin.helping.leave({ contactId: "tct_doesnotexist" }));
    expect(missingLeave?.appCode).toBe("NOT_FOUND");
    expect(await trpcFailureOf(contactTwin.helping.leave({ contactId: contacts[0]!.contactId }))).toEqual(missingLeave);
    // Nothing moved in A: no code was issued, the recovery is open, the contact still helps.
    expect(await getDb().relayCode.count({ where: { recoveryId, issuedAt: { not: null } } })).toBe(0);
    expect(await (await callerFor(tenantA, { recoveryToken })).recovery.status()).toMatchObject({ status: "open" });
    expect((await contacts[0]!.caller.helping.list()).helping).toHaveLength(1);
  });

  it("treats A's session cookie on B's pages as no session at all", async () => {
    const { tenantB, owner, contacts, recoveryId } = await twoTenants();
    const replayed = await callerFor(tenantB, { sessionToken: owner.sessionToken });
    const anonymous = await callerFor(tenantB);
    expect(await replayed.auth.session()).toBeNull();
    expect(await errorCodeOf(replayed.contacts.list())).toBe("UNAUTHENTICATED");
    expect(await trpcFailureOf(replayed.contacts.remove({ contactId: contacts[0]!.contactId }))).toEqual(
      await trpcFailureOf(anonymous.contacts.remove({ contactId: contacts[0]!.contactId })),
    );
    const contactReplayed = await callerFor(tenantB, { sessionToken: contacts[0]!.sessionToken });
    expect(await errorCodeOf(contactReplayed.helping.vouch({ recoveryId }))).toBe("UNAUTHENTICATED");
    expect(await errorCodeOf(contactReplayed.helping.list())).toBe("UNAUTHENTICATED");
  });

  it("answers TOKEN_INVALID for A's recovery cookie on B's pages, as for a made-up one, and leaves A's recovery alone", async () => {
    const { tenantA, tenantB, owner, recoveryToken } = await twoTenants();
    const foreign = await callerFor(tenantB, { recoveryToken });
    const madeUp = await callerFor(tenantB, { recoveryToken: "Aa0".repeat(15) });
    const none = await callerFor(tenantB);
    expect(await errorCodeOf(foreign.recovery.status())).toBe("TOKEN_INVALID");
    expect(await trpcFailureOf(foreign.recovery.status())).toEqual(await trpcFailureOf(madeUp.recovery.status()));
    expect(await errorCodeOf(foreign.recovery.submitCode({ code: "1234 5678" }))).toBe("TOKEN_INVALID");
    expect(await errorCodeOf(foreign.recovery.finish({ proof: { kind: "password", password: owner.user.password } }))).toBe("TOKEN_INVALID");
    expect(await errorCodeOf(none.recovery.status())).toBe("TOKEN_INVALID");
    const inA = await (await callerFor(tenantA, { recoveryToken })).recovery.status();
    expect(inA).toMatchObject({ status: "open", codesAccepted: 0 });
    expect(await getDb().contactRecovery.findFirst({ where: { tenantId: tenantA.id, userId: owner.user.id }, select: { failedCodes: true } })).toEqual({ failedCodes: 0 });
  });

  it("does not cancel A's recovery with A's cancel link opened on B's pages", async () => {
    const { tenantA, tenantB, owner, recoveryToken } = await twoTenants();
    const cancelToken = await cancelTokenMailedTo(tenantA.id, owner.user.email);
    expect(await errorCodeOf((await callerFor(tenantB)).recovery.cancel({ token: cancelToken }))).toBe("TOKEN_INVALID");
    expect(await (await callerFor(tenantA, { recoveryToken })).recovery.status()).toMatchObject({ status: "open" });
    // The link still works where it belongs.
    expect(await (await callerFor(tenantA)).recovery.cancel({ token: cancelToken })).toEqual({ status: "cancelled" });
  });
});

// S24: being someone's contact gives no access to their account.
describe("what a contact sees of the owner's account", () => {
  it("lists only names, addresses and dates on the contact's page", async () => {
    const tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const invitee = await signedInPerson(tenant, "Ivy Invitee");
    await owner.caller.contacts.invite({ email: invitee.user.email });
    await (await callerFor(tenant)).recovery.startWithContacts({ email: owner.user.email });
    const contact = contacts[0]!.caller;
    const recoveryId = await recoveryIdSeenBy(contact);
    await contact.helping.vouch({ recoveryId });

    const page = await contact.helping.list();
    expect(Object.keys(page).sort()).toEqual(["helping", "invitations", "requests"]);
    expect(page.helping).toHaveLength(1);
    expect(Object.keys(page.helping[0]!).sort()).toEqual(["acceptedAt", "contactId", "owner", "usableFrom"]);
    expect(page.helping[0]!.owner).toEqual({ name: "Olive Owner", email: owner.user.email });
    expect(page.requests).toHaveLength(1);
    expect(Object.keys(page.requests[0]!).sort()).toEqual(["codeExpiresAt", "contactId", "owner", "recoveryId", "startedAt", "state"]);
    expect(page.requests[0]).toMatchObject({ state: "code-shown", owner: { name: "Olive Owner", email: owner.user.email } });
    expect(Object.keys(page.requests[0]!.owner).sort()).toEqual(["email", "name"]);

    const invitations = (await invitee.caller.helping.list()).invitations;
    expect(invitations).toHaveLength(1);
    expect(Object.keys(invitations[0]!).sort()).toEqual(["contactId", "expiresAt", "invitedAt", "owner"]);
    expect(Object.keys(invitations[0]!.owner).sort()).toEqual(["email", "name"]);
  });

  it("gives the contact's session no way into the owner's factors, sessions or activity", async () => {
    const tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const contact = contacts[0]!;
    const [ownerFactor] = await owner.caller.factors.list();
    const ownerSessions = await owner.caller.devices.list();
    expect(ownerFactor).toBeDefined();

    expect(await contact.caller.factors.list()).toEqual([]);
    const contactDevices = await contact.caller.devices.list();
    expect(contactDevices).toHaveLength(1);
    for (const session of ownerSessions) expect(contactDevices.map((device) => device.id)).not.toContain(session.id);
    const contactEvents = (await contact.caller.activity.list()).events;
    const ownerEvents = (await owner.caller.activity.list()).events;
    for (const event of ownerEvents) expect(contactEvents.map((mine) => mine.id)).not.toContain(event.id);
    expect(contactEvents.map((event) => event.type)).not.toContain("factor.added");

    expect(await errorCodeOf(contact.caller.factors.remove({ factorId: ownerFactor!.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(contact.caller.factors.rename({ factorId: ownerFactor!.id, name: "Mine now" }))).toBe("NOT_FOUND");
    for (const session of ownerSessions) expect(await errorCodeOf(contact.caller.devices.revoke({ sessionId: session.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(contact.caller.contacts.remove({ contactId: contact.contactId }))).toBe("NOT_FOUND");
    expect((await contact.caller.contacts.list()).contacts).toEqual([]);

    expect(await owner.caller.factors.list()).toHaveLength(1);
    expect((await owner.caller.devices.list()).map((device) => device.id).sort()).toEqual(ownerSessions.map((device) => device.id).sort());
  });
});
