import { Secret } from "otpauth";
import { getDb } from "@rekey/core/db";
import type { Tenant } from "@rekey/core";
import { createTestUser, findMessagesTo, tokenFromMessage } from "@rekey/core/testing";
import { generateTotpForStep, totpStepAt } from "../../core/src/factors/totp/totp-parameters";
import { callerFor, saveCodesIfWaiting, signedInCaller } from "./support";

// Fixtures for the trusted-contacts procedures: owners, contacts who accepted, and time passing
// (cooling-off, waiting period, step-up window) by backdating rows, since the procedures read the
// system clock.

export type Caller = Awaited<ReturnType<typeof callerFor>>;
export type TestUser = { id: string; email: string; password: string };

/** A person of the tenant, signed in with their password. */
export async function signedInPerson(tenant: Tenant, name: string) {
  const user = await createTestUser(tenant.id, { name });
  const { caller, sessionToken } = await signedInCaller(tenant, user);
  return { user, caller, sessionToken };
}

/**
 * An owner with an authenticator app and saved recovery codes, signed in with password + TOTP.
 * `earlierSessionTokens` are every session the owner has (the enrolment one and the TOTP one).
 */
export async function ownerWithTotp(tenant: Tenant, name = "Olive Owner") {
  const user = await createTestUser(tenant.id, { name });
  const enrolling = await signedInCaller(tenant, user);
  const enrolment = await enrolling.caller.totp.start({ name: "Phone" });
  const seed = Secret.fromBase32(enrolment.secretGroups.replace(/\s+/g, "")).bytes;
  const step = totpStepAt(new Date());
  // The previous step for activation, so the current one stays fresh for the sign-in below.
  await saveCodesIfWaiting(enrolling.caller, await enrolling.caller.totp.activate({ factorId: enrolment.factorId, code: generateTotpForStep(seed, step - 1) }));
  const outcome = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
  if (outcome.status !== "second-factor-required") throw new Error(`expected a second-factor challenge, got ${outcome.status}`);
  const challenged = await callerFor(tenant, { challengeToken: outcome.challengeToken });
  const session = await challenged.challenge.complete({ proof: { method: "totp", code: generateTotpForStep(seed, step) } });
  if (session.status !== "signed-in") throw new Error("expected a session");
  const caller = await callerFor(tenant, { sessionToken: session.sessionToken });
  return { user, caller, sessionToken: session.sessionToken, earlierSessionTokens: [enrolling.sessionToken, session.sessionToken] };
}

/** The owner invites `contact` and the contact, signed in to their own account, accepts. */
export async function inviteAndAccept(owner: Caller, contact: { user: TestUser; caller: Caller }) {
  const { contactId } = await owner.contacts.invite({ email: contact.user.email });
  const answer = await contact.caller.helping.answerInvitation({ contactId, answer: "accept" });
  if (answer.status !== "accepted") throw new Error("expected the invitation to be accepted");
  return contactId;
}

/** Time passes: the owner's accepted contacts are past their cooling-off period. */
export async function endCoolingOff(ownerId: string) {
  await getDb().$executeRaw`UPDATE trusted_contact SET "usableFrom" = now() - interval '1 day' WHERE "ownerId" = ${ownerId} AND status = 'accepted'`;
}

/** Time passes: the waiting period of the account's open recoveries is over. */
export async function endWaitingPeriod(userId: string) {
  await getDb().$executeRaw`UPDATE contact_recovery SET "waitingUntil" = now() - interval '1 minute' WHERE "userId" = ${userId} AND status = 'open'`;
}

/** Time passes: the user's live sessions signed in (or stepped up) `minutes` ago. */
export async function ageSessions(userId: string, minutes: number) {
  await getDb().$executeRaw`UPDATE session SET "authenticatedAt" = now() - make_interval(mins => ${minutes}) WHERE "userId" = ${userId} AND "revokedAt" IS NULL`;
}

/** An owner (with an authenticator app) and `count` contacts who accepted and are usable. */
export async function ownerWithUsableContacts(tenant: Tenant, count = 2) {
  const owner = await ownerWithTotp(tenant);
  const contacts = [];
  for (let index = 0; index < count; index += 1) {
    const contact = await signedInPerson(tenant, `Contact ${index + 1}`);
    const contactId = await inviteAndAccept(owner.caller, contact);
    contacts.push({ ...contact, contactId });
  }
  await endCoolingOff(owner.user.id);
  return { owner, contacts };
}

/** The open request for help a contact sees on their page. */
export async function recoveryIdSeenBy(contact: Caller): Promise<string> {
  const { requests } = await contact.helping.list();
  const [request] = requests;
  if (!request || requests.length !== 1) throw new Error(`expected one request for help, got ${requests.length}`);
  return request.recoveryId;
}

/** The one-click cancel token from the newest "someone is trying to recover" notice to the owner. */
export async function cancelTokenMailedTo(tenantId: string, email: string): Promise<string> {
  const notice = (await findMessagesTo(tenantId, email)).find((message) => message.subject.startsWith("Someone is trying to recover"));
  if (!notice) throw new Error("no recovery notice was mailed");
  return tokenFromMessage(notice);
}

/** Rows the trusted-contacts procedures write, in one tenant: S30 checks that nothing changed. */
export async function contactRowCounts(tenantId: string) {
  const db = getDb();
  const [contacts, recoveries, relays, audit] = await Promise.all([
    db.trustedContact.count({ where: { tenantId } }),
    db.contactRecovery.count({ where: { tenantId } }),
    db.relayCode.count({ where: { tenantId } }),
    db.auditEvent.count({ where: { tenantId } }),
  ]);
  return { contacts, recoveries, relays, audit };
}

/** Runs `call` and returns the tRPC error it failed with (code and message), or null. */
export async function trpcFailureOf(call: Promise<unknown>): Promise<{ code: string | undefined; appCode: string | undefined; message: string } | null> {
  try {
    await call;
    return null;
  } catch (error) {
    const failure = error as { code?: string; message?: string; cause?: { code?: string } };
    return { code: failure.code, appCode: failure.cause?.code, message: failure.message ?? "" };
  }
}
