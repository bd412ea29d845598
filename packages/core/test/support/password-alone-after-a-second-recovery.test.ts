import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import {
  addTotpFactor,
  approve,
  complete,
  db,
  endWaitingPeriod,
  expectAppError,
  openRealTicket,
  recoveryLinkMailedTo,
  staffMember,
  supportSetup,
  testContext,
} from "./fixtures";

// A recovery of an account that had two-step verification leaves it owing a new factor
// (recoverySetupDue): until then the password alone, which may be the very one that leaked, does
// not get in. A second recovery before that factor exists found no factor to count and lifted the
// rule, so the leaked password alone opened an account that had two-step verification.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

describe("the password alone after a second recovery", () => {
  it("still refuses it while the account owes the factor the first recovery removed", async () => {
    const setup = await supportSetup();
    await addTotpFactor(setup.tenant, setup.owner.id);
    const first = await openRealTicket(setup);
    endWaitingPeriod(setup);
    await approve(await staffMember(setup.tenant, "lead"), first.ticketId, setup.clock);
    await approve(await staffMember(setup.tenant, "lead"), first.ticketId, setup.clock);
    await complete(setup.tenant, await recoveryLinkMailedTo(setup.tenant, setup.owner.email), setup.clock);
    expect((await db.user.findUniqueOrThrow({ where: { id: setup.owner.id } })).recoverySetupDue).toBe(true);

    // Nobody enrolled a new factor; a second request goes through (no factor now, so one lead).
    const second = await openRealTicket(setup);
    endWaitingPeriod(setup);
    await approve(await staffMember(setup.tenant, "lead"), second.ticketId, setup.clock);
    await complete(setup.tenant, await recoveryLinkMailedTo(setup.tenant, setup.owner.email), setup.clock);

    expect((await db.user.findUniqueOrThrow({ where: { id: setup.owner.id } })).recoverySetupDue).toBe(true);
    await expectAppError(signInWithPassword({ db, tenant: setup.tenant, email: setup.owner.email, password: setup.owner.password, context: testContext() }), "FORBIDDEN");
  });
});
