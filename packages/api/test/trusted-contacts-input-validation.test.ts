import { beforeAll, describe, expect, it } from "vitest";
import type { Tenant } from "@rekey/core";
import { createTestTenant } from "@rekey/core/testing";
import { callerFor } from "./support";
import { contactRowCounts, ownerWithUsableContacts, recoveryIdSeenBy, signedInPerson, trpcFailureOf, type Caller } from "./trusted-contacts-fixtures";

// S30: every trusted-contacts procedure checks its input with a schema. Malformed input is a
// BAD_REQUEST that says what is wrong, never a 500, and writes nothing: no contact, recovery,
// relay code or audit row.

type Callers = { owner: Caller; contact: Caller; invitee: Caller; anonymous: Caller; recovering: Caller };
/** A procedure called with whatever the client sent: the schema is what stands in the way. */
type Untyped = (input: unknown) => Promise<unknown>;

const huge = "x".repeat(100_000);

/** The sentences a BAD_REQUEST carries (one per schema issue, or the domain error's own). */
function sentencesOf(message: string): string[] {
  try {
    const issues: unknown = JSON.parse(message);
    if (Array.isArray(issues)) return issues.map((issue) => String((issue as { message?: unknown }).message));
  } catch {
    // A domain error's message is already a sentence.
  }
  return [message];
}

const cases: [string, (callers: Callers) => Untyped, unknown, RegExp][] = [
  ["contacts.invite: a number for the email", (c) => c.owner.contacts.invite as Untyped, { email: 42 }, /expected string/],
  ["contacts.invite: no email", (c) => c.owner.contacts.invite as Untyped, {}, /expected string, received undefined/],
  ["contacts.invite: a bad email", (c) => c.owner.contacts.invite as Untyped, { email: "not-an-email" }, /^Enter a valid email address\.$/],
  ["contacts.invite: a huge email", (c) => c.owner.contacts.invite as Untyped, { email: `${huge}@example.test` }, /^That email address is too long\.$/],
  ["contacts.invite: no input at all", (c) => c.owner.contacts.invite as Untyped, undefined, /expected object/],
  ["contacts.remove: a number for the id", (c) => c.owner.contacts.remove as Untyped, { contactId: 7 }, /expected string/],
  ["contacts.remove: an empty id", (c) => c.owner.contacts.remove as Untyped, { contactId: "" }, /^Choose one\.$/],
  ["contacts.remove: a huge id", (c) => c.owner.contacts.remove as Untyped, { contactId: huge }, /^That id is not valid\.$/],
  ["contacts.setThreshold: a string", (c) => c.owner.contacts.setThreshold as Untyped, { threshold: "3" }, /^Choose a number\.$/],
  ["contacts.setThreshold: a fraction", (c) => c.owner.contacts.setThreshold as Untyped, { threshold: 2.5 }, /^Choose a whole number\.$/],
  ["contacts.setThreshold: NaN", (c) => c.owner.contacts.setThreshold as Untyped, { threshold: Number.NaN }, /^Choose a number\.$/],
  ["contacts.setThreshold: zero", (c) => c.owner.contacts.setThreshold as Untyped, { threshold: 0 }, /^Choose at least 1\.$/],
  ["contacts.setThreshold: a billion", (c) => c.owner.contacts.setThreshold as Untyped, { threshold: 1e9 }, /^Choose at most 5\.$/],
  ["contacts.setThreshold: missing", (c) => c.owner.contacts.setThreshold as Untyped, {}, /^Choose a number\.$/],
  ["contacts.setThreshold: below the tenant's minimum", (c) => c.owner.contacts.setThreshold as Untyped, { threshold: 1 }, /^Choose a number from 2 to 5\.$/],
  ["helping.answerInvitation: an unknown answer", (c) => c.invitee.helping.answerInvitation as Untyped, { contactId: "tct_x", answer: "maybe" }, /^Choose accept or decline\.$/],
  ["helping.answerInvitation: no answer", (c) => c.invitee.helping.answerInvitation as Untyped, { contactId: "tct_x" }, /^Choose accept or decline\.$/],
  ["helping.answerInvitation: a number for the id", (c) => c.invitee.helping.answerInvitation as Untyped, { contactId: 1, answer: "accept" }, /expected string/],
  ["helping.answerInvitation: a huge id", (c) => c.invitee.helping.answerInvitation as Untyped, { contactId: huge, answer: "accept" }, /^That id is not valid\.$/],
  ["helping.leave: an empty id", (c) => c.contact.helping.leave as Untyped, { contactId: "" }, /^Choose one\.$/],
  ["helping.leave: no id", (c) => c.contact.helping.leave as Untyped, {}, /expected string, received undefined/],
  ["helping.vouch: a huge id", (c) => c.contact.helping.vouch as Untyped, { recoveryId: huge }, /^That id is not valid\.$/],
  ["helping.vouch: null", (c) => c.contact.helping.vouch as Untyped, { recoveryId: null }, /expected string/],
  ["helping.refuse: an array for the id", (c) => c.contact.helping.refuse as Untyped, { recoveryId: ["crc_x"] }, /expected string/],
  ["helping.refuse: an empty id", (c) => c.contact.helping.refuse as Untyped, { recoveryId: "" }, /^Choose one\.$/],
  ["recovery.startWithContacts: a bad email", (c) => c.anonymous.recovery.startWithContacts as Untyped, { email: "owner@" }, /^Enter a valid email address\.$/],
  ["recovery.startWithContacts: a huge email", (c) => c.anonymous.recovery.startWithContacts as Untyped, { email: `${huge}@example.test` }, /^That email address is too long\.$/],
  ["recovery.startWithContacts: no email", (c) => c.anonymous.recovery.startWithContacts as Untyped, {}, /expected string, received undefined/],
  ["recovery.submitCode: an empty code", (c) => c.recovering.recovery.submitCode as Untyped, { code: "  " }, /^Enter the code\.$/],
  ["recovery.submitCode: a huge code", (c) => c.recovering.recovery.submitCode as Untyped, { code: "1".repeat(100_000) }, /^That code is too long\.$/],
  ["recovery.submitCode: a number", (c) => c.recovering.recovery.submitCode as Untyped, { code: 12345678 }, /expected string/],
  ["recovery.finish: an unknown proof kind", (c) => c.recovering.recovery.finish as Untyped, { proof: { kind: "contact-codes", codes: ["1234 5678"] } }, /Invalid discriminator value/],
  ["recovery.finish: no proof", (c) => c.recovering.recovery.finish as Untyped, {}, /expected object, received undefined/],
  ["recovery.finish: a password proof without the password", (c) => c.recovering.recovery.finish as Untyped, { proof: { kind: "password" } }, /expected string, received undefined/],
  ["recovery.finish: an empty password", (c) => c.recovering.recovery.finish as Untyped, { proof: { kind: "password", password: "" } }, /^Enter a password\.$/],
  ["recovery.finish: a huge password", (c) => c.recovering.recovery.finish as Untyped, { proof: { kind: "password", password: huge } }, /^That password is too long\.$/],
  ["recovery.finish: a huge new password", (c) => c.recovering.recovery.finish as Untyped, { proof: { kind: "waiting-period", newPassword: huge } }, /^That password is too long\.$/],
  ["recovery.finish: a number for the new password", (c) => c.recovering.recovery.finish as Untyped, { proof: { kind: "waiting-period", newPassword: 12345678 } }, /expected string/],
  ["recovery.cancel: a short token", (c) => c.anonymous.recovery.cancel as Untyped, { token: "short" }, /^This link is incomplete\.$/],
  ["recovery.cancel: a huge token", (c) => c.anonymous.recovery.cancel as Untyped, { token: huge }, /^This link is not valid\.$/],
  ["recovery.cancel: a number", (c) => c.anonymous.recovery.cancel as Untyped, { token: 1234567890 }, /expected string/],
];

describe("malformed input to the trusted-contacts procedures", () => {
  let tenant: Tenant;
  let callers: Callers;

  beforeAll(async () => {
    // Every kind of caller, each with something a valid call could change: an owner with two
    // usable contacts, a pending invitation, and an open recovery with its browser.
    tenant = await createTestTenant();
    const { owner, contacts } = await ownerWithUsableContacts(tenant, 2);
    const invitee = await signedInPerson(tenant, "Ivy Invitee");
    await owner.caller.contacts.invite({ email: invitee.user.email });
    const anonymous = await callerFor(tenant);
    const { recoveryToken } = await anonymous.recovery.startWithContacts({ email: owner.user.email });
    const contact = contacts[0]!.caller;
    await recoveryIdSeenBy(contact);
    callers = { owner: owner.caller, contact, invitee: invitee.caller, anonymous, recovering: await callerFor(tenant, { recoveryToken }) };
  }, 120_000);

  it.each(cases)("refuses %s as BAD_REQUEST with a clear message and writes nothing", async (_, procedure, input, expected) => {
    const before = await contactRowCounts(tenant.id);
    const failure = await trpcFailureOf(procedure(callers)(input));
    expect(failure?.code).toBe("BAD_REQUEST");
    expect(sentencesOf(failure?.message ?? "")).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
    expect(await contactRowCounts(tenant.id)).toEqual(before);
  });

  it("still has everything as it was after all that", async () => {
    const overview = await callers.owner.contacts.list();
    expect(overview).toMatchObject({ threshold: 2, usableCount: 2 });
    expect(overview.contacts.map((contact) => contact.state).sort()).toEqual(["invited", "usable", "usable"]);
    expect(await callers.recovering.recovery.status()).toMatchObject({ status: "open", codesAccepted: 0 });
    expect((await callers.invitee.helping.list()).invitations).toHaveLength(1);
  });
});
