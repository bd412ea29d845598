import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../src/audit/request-context";
import { days } from "../../src/clock";
import { answerContactInvitation } from "../../src/contacts/answer-contact-invitation";
import { inviteTrustedContact } from "../../src/contacts/invite-trusted-contact";
import { hashToken } from "../../src/crypto/tokens";
import { getDb } from "../../src/db/client";
import { newId } from "../../src/ids";
import { findContactRecovery } from "../../src/recovery/find-contact-recovery";
import { finishContactRecovery, type ContactRecoveryProof } from "../../src/recovery/finish-contact-recovery";
import { startContactRecovery } from "../../src/recovery/start-contact-recovery";
import { submitRelayCode } from "../../src/recovery/submit-relay-code";
import { vouchForRecovery } from "../../src/recovery/vouch-for-recovery";
import { createTestTenant, createTestUser, findMessagesTo, tokenFromMessage } from "../../src/testing";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";

export const db = getDb();

export const firefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

/**
 * A request from its own address: the recovery-start quota counts per client address (20 an
 * hour), and every file of the run shares the database.
 */
export function testContext(): RequestContext {
  const [a, b, c] = randomBytes(3);
  return { ip: `10.${a}.${b}.${1 + (c! % 254)}`, userAgent: firefoxOnLinux };
}

/** A clock the test moves: cooling-off, waiting periods and code lifetimes pass without sleeping. */
export type TestClock = { now(): Date; advance(ms: number): void; set(at: Date): void };

export function movableClock(start: Date = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (at) => {
      current = at.getTime();
    },
  };
}

/** A frozen copy of a clock's present moment, for a call that must not see later moves. */
export function fixedClock(at: Date) {
  return { now: () => new Date(at) };
}

export type Person = { id: string; email: string; password: string };

export async function createPerson(tenant: Tenant, overrides: { name?: string; emailVerified?: boolean } = {}): Promise<Person> {
  return createTestUser(tenant.id, overrides);
}

/** The owner invites `person` and they accept, both at the clock's present. */
export async function inviteAndAccept(tenant: Tenant, owner: Person, person: Person, clock: TestClock): Promise<string> {
  const { contactId } = await inviteTrustedContact({ db, tenant, ownerId: owner.id, email: person.email, context: testContext(), clock });
  await answerContactInvitation({ db, tenant, userId: person.id, contactId, answer: "accept", context: testContext(), clock });
  return contactId;
}

export type ContactSetup = {
  tenant: Tenant;
  owner: Person;
  contacts: (Person & { contactId: string })[];
  clock: TestClock;
};

/**
 * A tenant, an owner and `count` contacts accepted at the clock's start, then the clock moved past
 * the cooling-off period (plus a day), so every contact is usable.
 */
export async function ownerWithUsableContacts(options: { count?: number; policy?: Parameters<typeof createTestTenant>[0]; start?: Date } = {}): Promise<ContactSetup> {
  const tenant = await createTestTenant(options.policy);
  const clock = movableClock(options.start ?? new Date());
  const owner = await createPerson(tenant, { name: "Olive Owner" });
  const contacts: ContactSetup["contacts"] = [];
  for (let index = 0; index < (options.count ?? 2); index += 1) {
    const person = await createPerson(tenant, { name: `Contact ${index + 1}` });
    contacts.push({ ...person, contactId: await inviteAndAccept(tenant, owner, person, clock) });
  }
  clock.advance(days(tenant.policy.contacts.coolingOffDays + 1));
  return { tenant, owner, contacts, clock };
}

export async function startRecovery(tenant: Tenant, email: string, clock: { now(): Date }) {
  return startContactRecovery({ db, tenant, email, context: testContext(), clock });
}

export async function recoveryRow(token: string) {
  return db.contactRecovery.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
}

/** A real recovery of the setup's owner, started at the clock's present. */
export async function startRealRecovery(setup: ContactSetup) {
  const { token } = await startRecovery(setup.tenant, setup.owner.email, setup.clock);
  const row = await recoveryRow(token);
  if (!row.userId) throw new Error("expected a real recovery, got a decoy");
  return { token, recoveryId: row.id };
}

export async function vouch(setup: ContactSetup, contact: Person, recoveryId: string, clock: { now(): Date } = setup.clock) {
  const { code } = await vouchForRecovery({ db, tenant: setup.tenant, contactUserId: contact.id, recoveryId, context: testContext(), clock });
  return code;
}

export function submit(tenant: Tenant, token: string, code: string, clock: { now(): Date }) {
  return submitRelayCode({ db, tenant, token, code, context: testContext(), clock });
}

export function finish(tenant: Tenant, token: string, proof: ContactRecoveryProof, clock: { now(): Date }, deviceToken: string | null = null) {
  return finishContactRecovery({ db, tenant, token, proof, deviceToken, context: testContext(), clock });
}

export function view(tenant: Tenant, token: string, clock: { now(): Date }) {
  return findContactRecovery({ db, tenant, token, clock });
}

/** A real recovery with a code of every contact accepted: only the second proof is missing. */
export async function recoveryReadyToFinish(setup: ContactSetup) {
  const { token, recoveryId } = await startRealRecovery(setup);
  for (const contact of setup.contacts.slice(0, setup.tenant.policy.contacts.threshold)) {
    await submit(setup.tenant, token, await vouch(setup, contact, recoveryId), setup.clock);
  }
  return { token, recoveryId };
}

/** The cancel link mailed to the owner when the recovery started. */
export async function cancelTokenMailedTo(tenant: Tenant, ownerEmail: string): Promise<string> {
  const [notice] = (await findMessagesTo(tenant.id, ownerEmail)).filter((message) => message.subject.includes("Someone is trying to recover"));
  if (!notice) throw new Error(`no recovery notice to ${ownerEmail}`);
  return tokenFromMessage(notice);
}

export async function auditCount(tenantId: string, type: string, userId?: string): Promise<number> {
  return db.auditEvent.count({ where: { tenantId, type, ...(userId ? { userId } : {}) } });
}

/** An active text-message factor of the user: the number notices go to. */
export async function addPhoneFactor(tenant: Tenant, userId: string): Promise<{ factorId: string; phone: string }> {
  const phone = `+447400${String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000))}`;
  const now = new Date();
  const { id } = await db.factor.create({
    data: { id: newId("factor"), tenantId: tenant.id, userId, type: "sms", name: "Phone", phoneE164: phone, verifiedAt: now, activatedAt: now },
    select: { id: true },
  });
  return { factorId: id, phone };
}

/** A well-formed relay code, almost certainly no one's. */
export function strangerRelayCode(): string {
  return String(randomBytes(4).readUInt32BE(0) % 100_000_000).padStart(8, "0");
}

export { createTestTenant, createTestUser, findMessagesTo, tokenFromMessage };
export { expectAppError, tallyCodes } from "../app-error-assertions";
