import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { verifyPassword } from "../../src/passwords/hash-password";
import { issueRecoveryCodes } from "../../src/recovery-codes/issue-recovery-codes";
import { cancelContactRecovery } from "../../src/recovery/cancel-contact-recovery";
import { getSupportTicket } from "../../src/support/get-support-ticket";
import { expectSignedIn } from "../../src/testing";
import {
  addTotpFactor,
  approve,
  approvedTicket,
  cancelLinkMailedTo,
  complete,
  db,
  endWaitingPeriod,
  expectAppError,
  liveSupportRecoveryLinks,
  openRealTicket,
  recoveryLinkMailedTo,
  staffMember,
  supportSetup,
  testContext,
  type SupportSetup,
} from "./fixtures";

// The approval's link runs the shared completion (every old factor, code and session gone), and
// the owner can stop a support recovery at any point before it completes: signing in (any path)
// or the notice's cancel link ends the ticket and kills its link (S26).

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

const newPassword = "quiet lantern orbit 58 maple";

async function ticketOf(ticketId: string) {
  return db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } });
}

describe("completing a support recovery", () => {
  it("removes every factor and code, revokes every session, and starts one that must enrol a new factor", async () => {
    const setup = await supportSetup({ support: { secondApprover: "risky" } });
    const { tenant, owner, clock } = setup;
    await addTotpFactor(tenant, owner.id);
    await db.$transaction((tx) => issueRecoveryCodes({ tx, tenant, userId: owner.id, confirmed: true }));
    // It leaves a session of the owner's on the network the request comes from.
    const { ticketId } = await openRealTicket(setup);
    const [first, second] = [await staffMember(tenant, "lead"), await staffMember(tenant, "lead")];
    endWaitingPeriod(setup);
    await approve(first, ticketId, clock);
    await approve(second, ticketId, clock);
    const link = await recoveryLinkMailedTo(tenant, owner.email);
    const passwordHashBefore = (await db.user.findUniqueOrThrow({ where: { id: owner.id }, omit: { passwordHash: false } })).passwordHash;

    const completed = await complete(tenant, link, clock);
    expect(completed.secondFactorDue).toBe(true);
    expect(await db.factor.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.recoveryCodeSet.count({ where: { userId: owner.id, replacedAt: null } })).toBe(0);
    const live = await db.session.findMany({ where: { userId: owner.id, revokedAt: null } });
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ id: completed.sessionId, secondFactorDue: true, methods: expect.arrayContaining(["account_recovery"]) });
    expect(await db.session.count({ where: { userId: owner.id, revokeReason: "account_recovered" } })).toBeGreaterThan(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { tenantId: tenant.id, type: "recovery.completed" } });
    expect(audit.data).toMatchObject({ method: "support", ticketId, passwordChanged: false });
    // Without a new password, the old one stays.
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.id }, omit: { passwordHash: false } })).passwordHash).toBe(passwordHashBefore);
    expect(await ticketOf(ticketId)).toMatchObject({ status: "completed", endReason: "completed" });
  });

  it("refuses a weak new password without using up the link, then takes a good one", async () => {
    const setup = await supportSetup();
    const { ticketId, linkToken } = await approvedTicket(setup);
    await expectAppError(complete(setup.tenant, linkToken, setup.clock, "password"), "WEAK_PASSWORD");
    expect(await ticketOf(ticketId)).toMatchObject({ status: "approved" });
    expect(await liveSupportRecoveryLinks(setup.tenant.id, setup.owner.id)).toBe(1);

    const completed = await complete(setup.tenant, linkToken, setup.clock, newPassword);
    expect(completed.secondFactorDue).toBe(false);
    const user = await db.user.findUniqueOrThrow({ where: { id: setup.owner.id }, omit: { passwordHash: false } });
    expect(await verifyPassword(user.passwordHash, newPassword)).toEqual({ isCorrect: true, hasLegacyHash: false });
    expect((await db.auditEvent.findFirstOrThrow({ where: { tenantId: setup.tenant.id, type: "recovery.completed" } })).data).toMatchObject({ passwordChanged: true });
  });

  it("refuses the link once its day has passed", async () => {
    const setup = await supportSetup();
    const { ticketId, linkToken } = await approvedTicket(setup);
    setup.clock.advance(25 * 3600_000);
    await expectAppError(complete(setup.tenant, linkToken, setup.clock), "TOKEN_INVALID");
    expect((await ticketOf(ticketId)).status).toBe("approved");
  });
});

async function expectCancelledBySignIn(setup: SupportSetup, ticketId: string, linkToken: string | null) {
  expect(await ticketOf(ticketId)).toMatchObject({ status: "cancelled", endReason: "owner_signed_in" });
  expect(await db.auditEvent.count({ where: { tenantId: setup.tenant.id, type: "support.ticket_cancelled" } })).toBe(1);
  expect(await liveSupportRecoveryLinks(setup.tenant.id, setup.owner.id)).toBe(0);
  if (linkToken) await expectAppError(complete(setup.tenant, linkToken, setup.clock), "TOKEN_INVALID");
}

describe("the owner stops a support recovery", () => {
  it("by signing in with the password: an open ticket ends", async () => {
    const setup = await supportSetup();
    const { ticketId } = await openRealTicket(setup);
    expectSignedIn(await signInWithPassword({ db, tenant: setup.tenant, email: setup.owner.email, password: setup.owner.password, context: testContext() }));
    await expectCancelledBySignIn(setup, ticketId, null);
  });

  it("by signing in with the password: an approved ticket ends and its link dies", async () => {
    const setup = await supportSetup();
    const { ticketId, linkToken } = await approvedTicket(setup);
    expectSignedIn(await signInWithPassword({ db, tenant: setup.tenant, email: setup.owner.email, password: setup.owner.password, context: testContext() }));
    await expectCancelledBySignIn(setup, ticketId, linkToken);
  });

  it("by signing in from a browser the account knows (the one-statement path): open and approved tickets end, the link dies", async () => {
    for (const stage of ["open", "approved"] as const) {
      const setup = await supportSetup();
      const context = testContext();
      const { deviceToken } = expectSignedIn(await signInWithPassword({ db, tenant: setup.tenant, email: setup.owner.email, password: setup.owner.password, context }));
      const { ticketId, linkToken } =
        stage === "approved" ? await approvedTicket(setup) : { ...(await openRealTicket(setup)), linkToken: null };
      const known = expectSignedIn(await signInWithPassword({ db, tenant: setup.tenant, email: setup.owner.email, password: setup.owner.password, deviceToken, context }));
      expect(known.deviceToken).toBeNull();
      await expectCancelledBySignIn(setup, ticketId, linkToken);
    }
  });

  it("with the cancel link: an approved ticket ends, the link dies, and staff see why", async () => {
    const setup = await supportSetup();
    const { ticketId, linkToken, lead } = await approvedTicket(setup);
    const cancelToken = await cancelLinkMailedTo(setup.tenant, setup.owner.email);
    expect(await cancelContactRecovery({ db, tenant: setup.tenant, token: cancelToken, context: testContext(), clock: setup.clock })).toEqual({ status: "cancelled" });
    expect(await ticketOf(ticketId)).toMatchObject({ status: "cancelled", endReason: "cancel_link" });
    await expectAppError(complete(setup.tenant, linkToken, setup.clock), "TOKEN_INVALID");
    const view = await getSupportTicket({ db, staff: lead, ticketId, context: testContext(), clock: setup.clock });
    expect(view).toMatchObject({ state: "cancelled", endReason: "cancel_link", can: { approve: false, deny: false, review: false, message: false } });
    expect(view.timeline.at(-1)).toMatchObject({ kind: "ended", label: "Cancelled by the owner with the link in the notice" });
    // A second approval cannot revive it.
    await expectAppError(approve(lead, ticketId, setup.clock), "CONFLICT");
  });

  it("with the cancel link while the ticket waits: staff can no longer act on it", async () => {
    const setup = await supportSetup();
    const { ticketId } = await openRealTicket(setup);
    const lead = await staffMember(setup.tenant, "lead");
    await cancelContactRecovery({ db, tenant: setup.tenant, token: await cancelLinkMailedTo(setup.tenant, setup.owner.email), context: testContext(), clock: setup.clock });
    endWaitingPeriod(setup);
    await expectAppError(approve(lead, ticketId, setup.clock), "CONFLICT");
    expect(await liveSupportRecoveryLinks(setup.tenant.id, setup.owner.id)).toBe(0);
    // The timeline ends with the cancel: the waiting period it never reached is not shown as a step.
    const view = await getSupportTicket({ db, staff: lead, ticketId, context: testContext(), clock: setup.clock });
    expect(view.timeline.map((step) => step.kind)).toEqual(["opened", "notified", "ended"]);
  });
});
