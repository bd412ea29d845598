import { afterAll, describe, expect, it } from "vitest";
import { hours } from "../../src/clock";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { finish, ownerWithUsableContacts, recoveryReadyToFinish, recoveryRow } from "../contacts/fixtures";
import {
  approve,
  complete,
  db,
  endWaitingPeriod,
  expectAppError,
  liveSupportRecoveryLinks,
  openRealTicket,
  recoveryLinkMailedTo,
  staffMember,
  ticketRow,
} from "./fixtures";

// An account recovery hands the account back and ends every way in that was under way: sessions,
// reset links, email changes. A second recovery still under way (the other rung, started by an
// intruder) must end with them, or it takes the freshly secured account back once its own wait is
// over: the owner already believes the matter closed.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

const newPassword = "quiet lantern orbit 58 maple";

describe("a recovery under way that outlives the account's recovery", () => {
  it("ends an intruder's support ticket when the owner recovers with trusted contacts, and no lead can approve it after", async () => {
    const setup = await ownerWithUsableContacts();
    const ticket = await openRealTicket(setup);
    const { token } = await recoveryReadyToFinish(setup);
    await finish(setup.tenant, token, { kind: "password", password: setup.owner.password }, setup.clock);

    expect(await ticketRow(ticket.statusToken)).toMatchObject({ status: "cancelled", endReason: "account_recovered" });
    endWaitingPeriod(setup);
    const lead = await staffMember(setup.tenant, "lead");
    await expectAppError(approve(lead, ticket.ticketId, setup.clock), "CONFLICT");
    expect(await liveSupportRecoveryLinks(setup.tenant.id, setup.owner.id)).toBe(0);
  });

  it("ends an intruder's trusted-contacts recovery when the owner recovers through support, so it cannot finish after its wait", async () => {
    const setup = await ownerWithUsableContacts();
    const { token } = await recoveryReadyToFinish(setup);
    const ticket = await openRealTicket(setup);
    endWaitingPeriod(setup);
    await approve(await staffMember(setup.tenant, "lead"), ticket.ticketId, setup.clock);
    await complete(setup.tenant, await recoveryLinkMailedTo(setup.tenant, setup.owner.email), setup.clock, newPassword);

    expect(await recoveryRow(token)).toMatchObject({ status: "cancelled" });
    setup.clock.advance(hours(24 * 8));
    await expectAppError(finish(setup.tenant, token, { kind: "waiting-period", newPassword: "another quiet lantern 77 orbit" }, setup.clock), "CONFLICT");
    const user = await db.user.findUniqueOrThrow({ where: { id: setup.owner.id }, select: { passwordChangedAt: true } });
    expect(await db.auditEvent.count({ where: { tenantId: setup.tenant.id, userId: setup.owner.id, type: "recovery.completed" } })).toBe(1);
    expect(user.passwordChangedAt).toBeInstanceOf(Date);
  });
});
