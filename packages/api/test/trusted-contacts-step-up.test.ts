import { describe, expect, it } from "vitest";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { errorCodeOf, signedInCaller } from "./support";
import { ageSessions, contactRowCounts, inviteAndAccept, signedInPerson } from "./trusted-contacts-fixtures";

// S12: an intruder holding a stolen but old session cannot rewrite who may recover the account.
// The tenant's window is the default factors.stepUpMinutes (10).
describe("changing trusted contacts with a stale session", () => {
  async function ownerWithOneInvitation() {
    const tenant = await createTestTenant();
    const owner = await signedInPerson(tenant, "Olive Owner");
    const { contactId } = await owner.caller.contacts.invite({ email: "invited@example.test" });
    return { tenant, owner, contactId };
  }

  it("refuses invite, remove and setThreshold with STEP_UP_REQUIRED 11 minutes after sign-in, and changes nothing", async () => {
    const { tenant, owner, contactId } = await ownerWithOneInvitation();
    await ageSessions(owner.user.id, 11);
    const before = await contactRowCounts(tenant.id);

    expect(await errorCodeOf(owner.caller.contacts.invite({ email: "another@example.test" }))).toBe("STEP_UP_REQUIRED");
    expect(await errorCodeOf(owner.caller.contacts.remove({ contactId }))).toBe("STEP_UP_REQUIRED");
    expect(await errorCodeOf(owner.caller.contacts.setThreshold({ threshold: 3 }))).toBe("STEP_UP_REQUIRED");

    expect(await contactRowCounts(tenant.id)).toEqual(before);
    const overview = await owner.caller.contacts.list();
    expect(overview.contacts.map((contact) => contact.email)).toEqual(["invited@example.test"]);
    expect(overview.threshold).toBe(2);
  });

  it("still reads the list with a stale session: only changes need the fresh proof", async () => {
    const { owner } = await ownerWithOneInvitation();
    await ageSessions(owner.user.id, 11);
    expect((await owner.caller.contacts.list()).contacts).toHaveLength(1);
  });

  it("allows invite, remove and setThreshold right after sign-in, and still 9 minutes later", async () => {
    const tenant = await createTestTenant();
    const owner = await signedInPerson(tenant, "Olive Owner");
    expect(await owner.caller.contacts.invite({ email: "first@example.test" })).toMatchObject({ status: "invited" });
    // The tenant's own number: more would be refused while no contact can help yet.
    expect(await owner.caller.contacts.setThreshold({ threshold: 2 })).toEqual({ threshold: 2 });
    expect(await errorCodeOf(owner.caller.contacts.setThreshold({ threshold: 3 }))).toBe("CONFLICT");
    const { contactId } = await owner.caller.contacts.invite({ email: "second@example.test" });
    expect(await owner.caller.contacts.remove({ contactId })).toEqual({ status: "withdrawn" });

    await ageSessions(owner.user.id, 9);
    const third = await owner.caller.contacts.invite({ email: "third@example.test" });
    expect(await owner.caller.contacts.remove({ contactId: third.contactId })).toEqual({ status: "withdrawn" });
    expect(await owner.caller.contacts.setThreshold({ threshold: 2 })).toEqual({ threshold: 2 });
    expect((await owner.caller.contacts.list()).contacts.map((contact) => contact.email)).toEqual(["first@example.test"]);
  });

  it("works again once the stale session signs in afresh", async () => {
    const { tenant, owner, contactId } = await ownerWithOneInvitation();
    await ageSessions(owner.user.id, 11);
    expect(await errorCodeOf(owner.caller.contacts.remove({ contactId }))).toBe("STEP_UP_REQUIRED");
    const fresh = await signedInCaller(tenant, owner.user);
    expect(await fresh.caller.contacts.remove({ contactId })).toEqual({ status: "withdrawn" });
  });

  it("refuses removing an accepted contact with a stale session", async () => {
    const tenant = await createTestTenant();
    const owner = await signedInPerson(tenant, "Olive Owner");
    const contactUser = await createTestUser(tenant.id, { name: "Carl Contact" });
    const contact = await signedInCaller(tenant, contactUser);
    const contactId = await inviteAndAccept(owner.caller, { user: contactUser, caller: contact.caller });
    await ageSessions(owner.user.id, 11);
    expect(await errorCodeOf(owner.caller.contacts.remove({ contactId }))).toBe("STEP_UP_REQUIRED");
    expect((await owner.caller.contacts.list()).contacts).toEqual([expect.objectContaining({ id: contactId, state: "cooling-off" })]);
  });
});
