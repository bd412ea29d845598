import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { cancelContactRecovery } from "../../src/recovery/cancel-contact-recovery";
import {
  addTotpFactor,
  approve,
  approvedTicket,
  auditCount,
  cancelLinkMailedTo,
  complete,
  db,
  endWaitingPeriod,
  findMessagesTo,
  liveSupportRecoveryLinks,
  openRealTicket,
  staffMember,
  supportRecoveryLinksIssued,
  supportSetup,
  tallyCodes,
  testContext,
} from "./fixtures";

// Every step of a support recovery claims the ticket or the link with a conditional UPDATE, so
// requests that arrive together (two leads, a cancel and an approval, twenty clicks) leave exactly
// one outcome standing: never two recovery links, never a recovery of a cancelled ticket.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

const approvalMails = async (tenantId: string, to: string) => (await findMessagesTo(tenantId, to)).filter((m) => m.subject.includes("account recovery was approved")).length;

describe("racing the approval", () => {
  it("makes one recovery link when two leads give the final approval at once", async () => {
    const setup = await supportSetup();
    await addTotpFactor(setup.tenant, setup.owner.id);
    const { ticketId } = await openRealTicket(setup);
    const leads = [await staffMember(setup.tenant, "lead"), await staffMember(setup.tenant, "lead"), await staffMember(setup.tenant, "lead")];
    endWaitingPeriod(setup);
    await approve(leads[0]!, ticketId, setup.clock);

    const results = await Promise.allSettled([approve(leads[1]!, ticketId, setup.clock), approve(leads[2]!, ticketId, setup.clock)]);
    expect(tallyCodes(results)).toEqual({ ok: 1, CONFLICT: 1 });
    expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(1);
    expect(await approvalMails(setup.tenant.id, setup.owner.email)).toBe(1);
    expect(await auditCount(setup.tenant.id, "support.ticket_approved")).toBe(1);
  });

  it("records one first approval when two leads start a two-lead review at once", async () => {
    const setup = await supportSetup();
    await addTotpFactor(setup.tenant, setup.owner.id);
    const { ticketId } = await openRealTicket(setup);
    const leads = [await staffMember(setup.tenant, "lead"), await staffMember(setup.tenant, "lead")];
    endWaitingPeriod(setup);
    const results = await Promise.allSettled(leads.map((lead) => approve(lead, ticketId, setup.clock)));
    // Either the second saw the first's approval and completed it, or it lost the claim.
    const row = await db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } });
    const tally = tallyCodes(results);
    if (row.status === "approved") {
      expect(tally).toEqual({ ok: 2 });
      expect(row.firstApproverId).not.toBe(row.decidedById);
      expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(1);
    } else {
      expect(tally).toEqual({ ok: 1, CONFLICT: 1 });
      expect(await supportRecoveryLinksIssued(setup.tenant.id, setup.owner.id)).toBe(0);
    }
  });

  it("leaves the ticket cancelled and no working link when the cancel link races the approval", async () => {
    const setup = await supportSetup();
    const { ticketId } = await openRealTicket(setup);
    const cancelToken = await cancelLinkMailedTo(setup.tenant, setup.owner.email);
    const lead = await staffMember(setup.tenant, "lead");
    endWaitingPeriod(setup);
    const [approval, cancel] = await Promise.allSettled([
      approve(lead, ticketId, setup.clock),
      cancelContactRecovery({ db, tenant: setup.tenant, token: cancelToken, context: testContext(), clock: setup.clock }),
    ]);
    expect(cancel).toMatchObject({ status: "fulfilled", value: { status: "cancelled" } });
    expect(tallyCodes([approval!])).toEqual(approval!.status === "fulfilled" ? { ok: 1 } : { CONFLICT: 1 });
    expect(await db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } })).toMatchObject({ status: "cancelled", endReason: "cancel_link" });
    expect(await liveSupportRecoveryLinks(setup.tenant.id, setup.owner.id)).toBe(0);
  });
});

describe("racing the recovery link", () => {
  it("lets exactly one of completion and cancel win, and the state says which", async () => {
    const setup = await supportSetup();
    const { ticketId, linkToken } = await approvedTicket(setup);
    const cancelToken = await cancelLinkMailedTo(setup.tenant, setup.owner.email);
    const [completion, cancel] = await Promise.allSettled([
      complete(setup.tenant, linkToken, setup.clock),
      cancelContactRecovery({ db, tenant: setup.tenant, token: cancelToken, context: testContext(), clock: setup.clock }),
    ]);
    const row = await db.supportTicket.findUniqueOrThrow({ where: { id: ticketId } });
    if (completion.status === "fulfilled") {
      expect(row.status).toBe("completed");
      // The cancel came too late: it says so instead of claiming to have stopped anything.
      expect(cancel).toMatchObject({ status: "fulfilled", value: { status: "already-completed" } });
      expect(await auditCount(setup.tenant.id, "recovery.completed")).toBe(1);
    } else {
      expect(tallyCodes([completion])).toEqual({ TOKEN_INVALID: 1 });
      expect(cancel).toMatchObject({ status: "fulfilled", value: { status: "cancelled" } });
      expect(row.status).toBe("cancelled");
      expect(await auditCount(setup.tenant.id, "recovery.completed")).toBe(0);
    }
    expect(await liveSupportRecoveryLinks(setup.tenant.id, setup.owner.id)).toBe(0);
  });

  it("recovers once when the link is used twenty times at once", async () => {
    const setup = await supportSetup();
    const { linkToken } = await approvedTicket(setup);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => complete(setup.tenant, linkToken, setup.clock)));
    expect(tallyCodes(results)).toEqual({ ok: 1, TOKEN_INVALID: 19 });
    expect(await db.session.count({ where: { tenantId: setup.tenant.id, userId: setup.owner.id, revokedAt: null } })).toBe(1);
    expect(await auditCount(setup.tenant.id, "recovery.completed")).toBe(1);
  });
});
