import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { cancelContactRecovery } from "../../src/recovery/cancel-contact-recovery";
import { ownerWithUsableContacts, recoveryRow, startRealRecovery } from "../contacts/fixtures";
import { cancelLinkMailedTo, db, openRealTicket, testContext, ticketRow } from "./fixtures";

// The opening notice of a support request carries the owner's one-click cancel (by mail and by
// text, which may be all the owner reads). An intruder who asked support must not be able to kill
// that link by starting the other rung, a trusted-contacts recovery, whose notice used to replace
// every earlier cancel link of the account.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

describe("killing the owner's cancel link of a support request", () => {
  it("leaves it working after an intruder starts a trusted-contacts recovery, and it ends both", async () => {
    const setup = await ownerWithUsableContacts();
    const ticket = await openRealTicket(setup);
    const supportCancelLink = await cancelLinkMailedTo(setup.tenant, setup.owner.email);
    const { token } = await startRealRecovery(setup);

    const answer = await cancelContactRecovery({ db, tenant: setup.tenant, token: supportCancelLink, context: testContext(), clock: setup.clock });
    expect(answer).toEqual({ status: "cancelled" });
    expect(await ticketRow(ticket.statusToken)).toMatchObject({ status: "cancelled", endReason: "cancel_link" });
    expect(await recoveryRow(token)).toMatchObject({ status: "cancelled" });
  });
});
