import { randomBytes } from "node:crypto";
import { hours, minutes } from "../../src/clock";
import { hashToken } from "../../src/crypto/tokens";
import { newId } from "../../src/ids";
import { seal } from "../../src/crypto/secret-box";
import { findStaffMemberships, type Staff } from "../../src/staff/staff-access";
import { approveSupportTicket } from "../../src/support/approve-support-ticket";
import { completeSupportRecovery } from "../../src/support/complete-support-recovery";
import { openSupportTicket, type OpenSupportTicketOptions } from "../../src/support/open-support-ticket";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createPerson, createTestTenant, db, findMessagesTo, movableClock, testContext, tokenFromMessage, type Person, type TestClock } from "../contacts/fixtures";

// Support tickets in core: the owner, the person asking (often an intruder), and the desk's
// staff as the Staff object the API's gate hands to core. Time moves on a test clock; the links'
// own lifetimes (email tokens) run on the real one, and every test stays well inside them.

export { db, findMessagesTo, movableClock, testContext, tokenFromMessage, type Person, type TestClock };
export { expectAppError, tallyCodes } from "../app-error-assertions";

export type SupportSetup = { tenant: Tenant; owner: Person; clock: TestClock };

export async function supportSetup(policy?: Parameters<typeof createTestTenant>[0]): Promise<SupportSetup> {
  const tenant = await createTestTenant(policy);
  const owner = await createPerson(tenant, { name: "Olive Owner" });
  return { tenant, owner, clock: movableClock() };
}

export type TicketRequest = Partial<Pick<OpenSupportTicketOptions, "whatHappened" | "lastSignIn" | "devicesAndPlaces" | "answers" | "replyEmail" | "deviceToken" | "context">>;

/** "Ask support to recover my account" for `email`, from a browser and address of its own. */
export function openTicket(tenant: Tenant, email: string, clock: { now(): Date }, request: TicketRequest = {}) {
  return openSupportTicket({
    db,
    tenant,
    email,
    whatHappened: "I lost my phone with the authenticator app on a train.",
    lastSignIn: "Last Tuesday, on my laptop",
    devicesAndPlaces: "A laptop in Leeds",
    answers: [],
    replyEmail: null,
    deviceToken: null,
    context: testContext(),
    ...request,
    clock,
  });
}

export async function ticketRow(statusToken: string) {
  return db.supportTicket.findUniqueOrThrow({ where: { statusTokenHash: hashToken(statusToken) } });
}

/**
 * A request from a network one of the owner's sessions used: without it, a request from a new
 * browser on a new network is risky by itself (support-rules.ts) and needs a second lead.
 */
export async function knownNetworkContext(setup: SupportSetup) {
  const context = testContext();
  await db.session.create({
    data: { id: newId("session"), tenantId: setup.tenant.id, userId: setup.owner.id, tokenHash: hashToken(randomBytes(32).toString("hex")), ip: context.ip, expiresAt: new Date(Date.now() + hours(1)) },
  });
  return context;
}

/** A real ticket of the setup's owner (from a known network unless a context is given); fails on a decoy. */
export async function openRealTicket(setup: SupportSetup, request: TicketRequest = {}) {
  const context = request.context ?? (await knownNetworkContext(setup));
  const opened = await openTicket(setup.tenant, setup.owner.email, setup.clock, { ...request, context });
  const row = await ticketRow(opened.statusToken);
  if (!row.userId) throw new Error("expected a real ticket, got a decoy");
  return { ...opened, ticketId: row.id, row };
}

/**
 * A staff member with `role` on the tenant's desk, as the gate builds them. `userId` makes an
 * existing account staff (the owner being recovered, for the self-approval test); otherwise a new
 * account in a home tenant of its own.
 */
export async function staffMember(tenant: Tenant, role: "agent" | "lead" | "admin", userId?: string): Promise<Staff> {
  let id = userId;
  if (!id) {
    const home = await createTestTenant();
    id = (await createPerson(home, { name: `Staff ${role} ${randomBytes(2).toString("hex")}` })).id;
  }
  await db.staffMember.upsert({
    where: { tenantId_userId: { tenantId: tenant.id, userId: id } },
    create: { id: newId("staff"), tenantId: tenant.id, userId: id, role },
    update: { role },
  });
  const user = await db.user.findUniqueOrThrow({ where: { id }, select: { email: true, name: true } });
  return { userId: id, email: user.email, name: user.name, memberships: await findStaffMemberships(db, id) };
}

/** Time passes: the ticket's waiting period is over (by a minute). */
export function endWaitingPeriod(setup: SupportSetup) {
  setup.clock.advance(hours(setup.tenant.policy.support.waitingHours) + minutes(1));
}

export function approve(staff: Staff, ticketId: string, clock: { now(): Date }, sendTo: "address-on-file" | "reply-address" = "address-on-file") {
  return approveSupportTicket({ db, staff, ticketId, reason: "Evidence matches the account", sendTo, context: testContext(), clock });
}

export function complete(tenant: Tenant, token: string, clock: { now(): Date }, newPassword: string | null = null) {
  return completeSupportRecovery({ db, tenant, token, newPassword, deviceToken: null, context: testContext(), clock });
}

/** The recovery link from the newest approval mail to `to`. */
export async function recoveryLinkMailedTo(tenant: Tenant, to: string): Promise<string> {
  const mail = (await findMessagesTo(tenant.id, to)).find((message) => message.subject.includes("account recovery was approved"));
  if (!mail) throw new Error(`no recovery link mailed to ${to}`);
  return tokenFromMessage(mail);
}

/** The cancel link from the "someone asked support" notice to the owner. */
export async function cancelLinkMailedTo(tenant: Tenant, to: string): Promise<string> {
  const mail = (await findMessagesTo(tenant.id, to)).find((message) => message.subject.includes("asked") && message.subject.includes("support"));
  if (!mail) throw new Error(`no support notice mailed to ${to}`);
  return tokenFromMessage(mail);
}

/** An approved ticket (one lead, no second approver) with its link mailed to the owner. */
export async function approvedTicket(setup: SupportSetup) {
  const opened = await openRealTicket(setup);
  const lead = await staffMember(setup.tenant, "lead");
  endWaitingPeriod(setup);
  await approve(lead, opened.ticketId, setup.clock);
  return { ...opened, lead, linkToken: await recoveryLinkMailedTo(setup.tenant, setup.owner.email) };
}

/** An activated authenticator app, written directly (its code is never typed in these tests). */
export async function addTotpFactor(tenant: Tenant, userId: string) {
  await db.factor.create({
    data: { id: newId("factor"), tenantId: tenant.id, userId, type: "totp", name: "Authenticator app", activatedAt: new Date(Date.now() - 2 * 24 * 60 * 60_000), totpSealedSecret: seal(randomBytes(20).toString("hex")) },
  });
}

export async function supportRecoveryLinksIssued(tenantId: string, userId: string): Promise<number> {
  return db.emailToken.count({ where: { tenantId, userId, purpose: "support_recovery" } });
}

export async function liveSupportRecoveryLinks(tenantId: string, userId: string): Promise<number> {
  return db.emailToken.count({ where: { tenantId, userId, purpose: "support_recovery", usedAt: null } });
}

export async function auditCount(tenantId: string, type: string): Promise<number> {
  return db.auditEvent.count({ where: { tenantId, type } });
}

/** A clock stopped at `at`, for one call. */
export function fixedAt(at: Date) {
  return { now: () => new Date(at) };
}
