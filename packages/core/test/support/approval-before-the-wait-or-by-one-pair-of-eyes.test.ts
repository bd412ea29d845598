import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { cancelContactRecovery } from "../../src/recovery/cancel-contact-recovery";
import { denySupportTicket } from "../../src/support/deny-support-ticket";
import { getSupportTicket } from "../../src/support/get-support-ticket";
import { addPhoneFactor } from "../contacts/fixtures";
import {
  addTotpFactor,
  approve,
  cancelLinkMailedTo,
  db,
  endWaitingPeriod,
  expectAppError,
  findMessagesTo,
  fixedAt,
  liveSupportRecoveryLinks,
  openRealTicket,
  staffMember,
  supportRecoveryLinksIssued,
  supportSetup,
  testContext,
  tokenFromMessage,
} from "./fixtures";

// S26: support recovery has an enforced waiting period during which every channel of the account
// was told and can cancel; risky cases need a second, different lead; the person being recovered
// never decides their own case; agents recommend but never decide.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function deny(staff: Parameters<typeof approve>[0], ticketId: string, clock: { now(): Date }) {
  return denySupportTicket({ db, staff, ticketId, reason: "Evidence does not match", explanation: "We could not match what you told us to the account.", context: testContext(), clock });
}

describe("a request notifies every channel of the account", () => {
  it("mails the owner a cancel link, texts each verified phone, and audits the opening", async () => {
    const setup = await supportSetup();
    const phones = [(await addPhoneFactor(setup.tenant, setup.owner.id)).phone, (await addPhoneFactor(setup.tenant, setup.owner.id)).phone];
    const { ticketId, reference } = await openRealTicket(setup);

    const [mail, ...more] = await findMessagesTo(setup.tenant.id, setup.owner.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toContain("asked");
    expect(mail!.text).toContain(reference);
    expect(mail!.text).toMatch(/\/recovery\/cancel#token=/);
    const cancelToken = tokenFromMessage(mail!);
    expect(await db.emailToken.count({ where: { tenantId: setup.tenant.id, userId: setup.owner.id, purpose: "cancel_recovery", usedAt: null } })).toBe(1);
    for (const phone of phones) {
      const [text] = await db.outboxMessage.findMany({ where: { tenantId: setup.tenant.id, recipient: phone }, select: { channel: true } });
      expect(text?.channel).toBe("sms");
    }
    expect(cancelToken.length).toBeGreaterThanOrEqual(22);

    const opened = await db.auditEvent.findFirstOrThrow({ where: { tenantId: setup.tenant.id, type: "support.ticket_opened" } });
    expect(opened.userId).toBe(setup.owner.id);
    expect(opened.data).toMatchObject({ ticketId, reference, notifiedEmails: 1, notifiedPhones: 2 });
  });

  it("marks a request risky when the account had two-step verification or is high-value, and asks for a second lead then", async () => {
    const plain = await supportSetup();
    const { row: plainRow } = await openRealTicket(plain);
    expect(plainRow).toMatchObject({ risky: false, needsSecondApprover: false });

    const withTotp = await supportSetup();
    await addTotpFactor(withTotp.tenant, withTotp.owner.id);
    const { row: totpRow } = await openRealTicket(withTotp);
    expect(totpRow).toMatchObject({ risky: true, needsSecondApprover: true, riskSignals: expect.objectContaining({ hadSecondFactor: true }) });

    const highValue = await supportSetup();
    await db.user.update({ where: { id: highValue.owner.id }, data: { highValue: true } });
    const { row: highRow } = await openRealTicket(highValue);
    expect(highRow).toMatchObject({ risky: true, needsSecondApprover: true, riskSignals: expect.objectContaining({ highValue: true, hadSecondFactor: false }) });

    // A new browser on a network the account never used is risky by itself.
    const stranger = await supportSetup();
    const { row: strangerRow } = await openRealTicket(stranger, { context: testContext() });
    expect(strangerRow).toMatchObject({ risky: true, riskSignals: expect.objectContaining({ newDevice: true, newNetwork: true }) });
  });

  it("asks for a second lead on every request where the tenant says always", async () => {
    const setup = await supportSetup({ support: { secondApprover: "always" } });
    const { row } = await openRealTicket(setup);
    expect(row).toMatchObject({ risky: false, needsSecondApprover: true });
  });
});

describe("approving before the waiting period ends (S26)", () => {
  it("refuses every lead and admin while the clock is before the end, and writes nothing", async () => {
    const setup = await supportSetup();
    const { ticketId, waitingUntil } = await openRealTicket(setup);
    const deciders = [await staffMember(setup.tenant, "lead"), await staffMember(setup.tenant, "lead"), await staffMember(setup.tenant, "admin")];
    for (const at of [setup.clock.now(), new Date(waitingUntil.getTime() - 1000)]) {
      for (const staff of deciders) {
        const refused = await expectAppError(approve(staff, ticketId, fixedAt(at)), "CONFLICT");
        expect(refused.message).toContain("waiting period");
      }
    }
    expect(await db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ status: "open", firstApproverId: null, decidedById: null });
    expect(await db.supportTicketEntry.count({ where: { ticketId } })).toBe(0);
    expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(0);

    endWaitingPeriod(setup);
    expect(await approve(deciders[0]!, ticketId, setup.clock)).toEqual({ state: "approved" });
    expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(1);
  });
});

describe("one pair of eyes on a risky request", () => {
  it("needs two different leads: the first approval sends nothing, the same lead again is refused", async () => {
    const setup = await supportSetup();
    await addTotpFactor(setup.tenant, setup.owner.id);
    const { ticketId } = await openRealTicket(setup);
    const [first, second] = [await staffMember(setup.tenant, "lead"), await staffMember(setup.tenant, "lead")];
    endWaitingPeriod(setup);

    expect(await approve(first, ticketId, setup.clock)).toEqual({ state: "awaiting-second-approval" });
    expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(0);
    const again = await expectAppError(approve(first, ticketId, setup.clock), "CONFLICT");
    expect(again.message).toContain("second lead");
    expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(0);

    expect(await approve(second, ticketId, setup.clock)).toEqual({ state: "approved" });
    expect(await db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ status: "approved", firstApproverId: first.userId, decidedById: second.userId });
    expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(1);
    expect(await db.auditEvent.count({ where: { tenantId: setup.tenant.id, actorType: "staff", type: { in: ["support.ticket_second_approval_needed", "support.ticket_approved"] } } })).toBe(2);
  });

  it("never lets the person being recovered approve or deny their own request, even as a lead", async () => {
    const setup = await supportSetup();
    const { ticketId } = await openRealTicket(setup);
    const ownerAsLead = await staffMember(setup.tenant, "lead", setup.owner.id);
    endWaitingPeriod(setup);
    await expectAppError(approve(ownerAsLead, ticketId, setup.clock), "CONFLICT");
    await expectAppError(deny(ownerAsLead, ticketId, setup.clock), "CONFLICT");
    expect(await db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ status: "open", firstApproverId: null });
    expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(0);
  });

  it("never lets the owner give the second approval either", async () => {
    const setup = await supportSetup({ support: { secondApprover: "always" } });
    const { ticketId } = await openRealTicket(setup);
    const lead = await staffMember(setup.tenant, "lead");
    const ownerAsLead = await staffMember(setup.tenant, "lead", setup.owner.id);
    endWaitingPeriod(setup);
    await approve(lead, ticketId, setup.clock);
    await expectAppError(approve(ownerAsLead, ticketId, setup.clock), "CONFLICT");
    expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(0);
  });

  it("answers an agent's approval or denial like a missing ticket (S28)", async () => {
    const setup = await supportSetup();
    const { ticketId } = await openRealTicket(setup);
    const agent = await staffMember(setup.tenant, "agent");
    const lead = await staffMember(setup.tenant, "lead");
    endWaitingPeriod(setup);
    const missing = await expectAppError(approve(lead, "tkt_doesnotexist", setup.clock), "NOT_FOUND");
    expect((await expectAppError(approve(agent, ticketId, setup.clock), "NOT_FOUND")).message).toBe(missing.message);
    expect((await expectAppError(deny(agent, ticketId, setup.clock), "NOT_FOUND")).message).toBe(missing.message);
    // The agent still sees the ticket, and is told they cannot decide it.
    const view = await getSupportTicket({ db, staff: agent, ticketId, context: testContext(), clock: setup.clock });
    expect(view.can).toMatchObject({ approve: false, deny: false });
    expect(await db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ status: "open" });
  });

  it("sends the link to the reply address only with a second approver, and tells the owner with a cancel link", async () => {
    const single = await supportSetup();
    const replyEmail = `helper-${Date.now()}@example.test`;
    const { ticketId: singleId } = await openRealTicket(single, { replyEmail });
    const lead = await staffMember(single.tenant, "lead");
    endWaitingPeriod(single);
    await expectAppError(approve(lead, singleId, single.clock, "reply-address"), "BAD_REQUEST");
    expect(await supportRecoveryLinksIssued(single.tenant.id, single.owner.id)).toBe(0);

    const dual = await supportSetup({ support: { secondApprover: "always" } });
    const { ticketId } = await openRealTicket(dual, { replyEmail });
    const [first, second] = [await staffMember(dual.tenant, "lead"), await staffMember(dual.tenant, "lead")];
    endWaitingPeriod(dual);
    await approve(first, ticketId, dual.clock, "reply-address");
    expect(await approve(second, ticketId, dual.clock, "reply-address")).toEqual({ state: "approved" });
    const [link] = await findMessagesTo(dual.tenant.id, replyEmail);
    expect(link?.subject).toContain("approved");
    const [toOwner] = await findMessagesTo(dual.tenant.id, dual.owner.email);
    expect(toOwner?.subject).toContain("was approved");
    expect(toOwner?.text).toMatch(/\/recovery\/cancel#token=/);
    expect(toOwner?.text).not.toContain(tokenFromMessage(link!));
  });

  it("keeps the cancel link of the first notice (mail and text) working after an approval to the reply address", async () => {
    const setup = await supportSetup({ support: { secondApprover: "always" } });
    const { ticketId } = await openRealTicket(setup, { replyEmail: `helper-${Date.now()}@example.test` });
    const firstNoticeCancel = await cancelLinkMailedTo(setup.tenant, setup.owner.email);
    const [first, second] = [await staffMember(setup.tenant, "lead"), await staffMember(setup.tenant, "lead")];
    endWaitingPeriod(setup);
    await approve(first, ticketId, setup.clock, "reply-address");
    await approve(second, ticketId, setup.clock, "reply-address");
    expect(await cancelContactRecovery({ db, tenant: setup.tenant, token: firstNoticeCancel, context: testContext(), clock: setup.clock })).toEqual({ status: "cancelled" });
    expect(await db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ status: "cancelled", endReason: "cancel_link" });
    expect(await liveSupportRecoveryLinks(setup.tenant.id, setup.owner.id)).toBe(0);
  });
});
