import { afterAll, describe, expect, it } from "vitest";
import { days, systemClock } from "../../src/clock";
import { closeDb } from "../../src/db/client";
import { AppError } from "../../src/errors/app-error";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { cancelContactRecovery } from "../../src/recovery/cancel-contact-recovery";
import { refuseRecovery } from "../../src/recovery/refuse-recovery";
import {
  cancelTokenMailedTo,
  db,
  expectAppError,
  finish,
  ownerWithUsableContacts,
  recoveryReadyToFinish,
  recoveryRow,
  startRealRecovery,
  startRecovery,
  submit,
  tallyCodes,
  testContext,
  vouch,
  type ContactSetup,
} from "./fixtures";

// The person recovering double-clicks "finish", or finishes while the real owner clicks "this
// wasn't me": the account must be recovered once or not at all, and whoever lost is told how it
// went.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function cancel(setup: ContactSetup, token: string) {
  return cancelContactRecovery({ db, tenant: setup.tenant, token, context: testContext(), clock: setup.clock });
}

describe("two finishes at once", () => {
  it("completes once; the other gets CONFLICT saying it is completed", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);
    const proof = { kind: "password", password: owner.password } as const;

    const results = await Promise.allSettled([finish(tenant, token, proof, clock), finish(tenant, token, proof, clock)]);
    expect(tallyCodes(results)).toEqual({ ok: 1, CONFLICT: 1 });
    const loser = results.find((result) => result.status === "rejected");
    expect(loser?.status === "rejected" && loser.reason instanceof AppError ? loser.reason.details : undefined).toEqual(["completed"]);
    await expect(db.auditEvent.count({ where: { tenantId: tenant.id, userId: owner.id, type: "recovery.completed" } })).resolves.toBe(1);
    await expect(db.session.count({ where: { tenantId: tenant.id, userId: owner.id, methods: { has: "account_recovery" } } })).resolves.toBe(1);
  });
});

describe("two starts at once", () => {
  it("opens one real attempt; the other is a decoy", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const started = await Promise.all([startRecovery(tenant, owner.email, clock), startRecovery(tenant, owner.email, clock)]);
    const rows = await Promise.all(started.map(({ token }) => recoveryRow(token)));
    expect(rows.map((row) => row.userId).sort()).toEqual([owner.id, null].sort());
    await expect(db.relayCode.count({ where: { tenantId: tenant.id } })).resolves.toBe(2);
    await expect(db.auditEvent.count({ where: { tenantId: tenant.id, type: "recovery.started" } })).resolves.toBe(1);
  });
});

describe("finishing against a contact's refusal", () => {
  it("lets exactly one of a finish and a refusal win", async () => {
    const setup = await ownerWithUsableContacts({ count: 3 });
    const { tenant, clock, owner } = setup;
    const { token, recoveryId } = await recoveryReadyToFinish(setup);
    const [finished, refused] = await Promise.allSettled([
      finish(tenant, token, { kind: "password", password: owner.password }, clock),
      refuseRecovery({ db, tenant, contactUserId: setup.contacts[2]!.id, recoveryId, context: testContext(), clock }),
    ]);
    const status = (await recoveryRow(token)).status;
    if (finished.status === "fulfilled") {
      expect(status).toBe("completed");
      expect(refused.status).toBe("rejected");
    } else {
      expect(status).toBe("refused");
      expect(refused).toEqual({ status: "fulfilled", value: { status: "refused" } });
      expect(finished.reason instanceof AppError ? [finished.reason.code, finished.reason.details] : undefined).toEqual(["CONFLICT", ["refused"]]);
    }
    await expect(db.session.count({ where: { tenantId: tenant.id, userId: owner.id, methods: { has: "account_recovery" } } })).resolves.toBe(status === "completed" ? 1 : 0);
  });
});

describe("finishing against the owner's cancel link", () => {
  it("lets exactly one of a finish and a cancel racing win, and the loser's answer says which", async () => {
    for (let round = 0; round < 3; round += 1) {
      const setup = await ownerWithUsableContacts();
      const { tenant, clock, owner } = setup;
      const { token } = await recoveryReadyToFinish(setup);
      const cancelToken = await cancelTokenMailedTo(tenant, owner.email);

      const [finished, cancelled] = await Promise.allSettled([finish(tenant, token, { kind: "password", password: owner.password }, clock), cancel(setup, cancelToken)]);
      const status = (await recoveryRow(token)).status;
      if (finished.status === "fulfilled") {
        expect(status).toBe("completed");
        expect(cancelled).toEqual({ status: "fulfilled", value: { status: "already-completed" } });
      } else {
        expect(status).toBe("cancelled");
        expect(cancelled).toEqual({ status: "fulfilled", value: { status: "cancelled" } });
        expect(finished.reason).toBeInstanceOf(AppError);
        expect(finished.reason instanceof AppError ? [finished.reason.code, finished.reason.details] : undefined).toEqual(["CONFLICT", ["cancelled"]]);
        await expect(db.session.count({ where: { tenantId: tenant.id, userId: owner.id, methods: { has: "account_recovery" } } })).resolves.toBe(0);
      }
      await expect(db.auditEvent.count({ where: { tenantId: tenant.id, userId: owner.id, type: { in: ["recovery.completed", "recovery.cancelled"] } } })).resolves.toBe(1);
    }
  });

  it("after a cancel, a finish is refused with CONFLICT ['cancelled'] and the link cannot be used twice", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);
    const cancelToken = await cancelTokenMailedTo(tenant, owner.email);
    await expect(cancel(setup, cancelToken)).resolves.toEqual({ status: "cancelled" });
    const refused = await expectAppError(finish(tenant, token, { kind: "password", password: owner.password }, clock), "CONFLICT");
    expect(refused.details).toEqual(["cancelled"]);
    await expectAppError(cancel(setup, cancelToken), "TOKEN_INVALID");
    await expect(db.auditEvent.findMany({ where: { tenantId: tenant.id, userId: owner.id, type: "recovery.cancelled" }, select: { data: true } })).resolves.toEqual([
      { data: expect.objectContaining({ reason: "cancel_link" }) },
    ]);
  });

  it("after a completion, the cancel link answers already-completed", async () => {
    const setup = await ownerWithUsableContacts();
    const { tenant, clock, owner } = setup;
    const { token } = await recoveryReadyToFinish(setup);
    const cancelToken = await cancelTokenMailedTo(tenant, owner.email);
    await finish(tenant, token, { kind: "password", password: owner.password }, clock);
    await expect(cancel(setup, cancelToken)).resolves.toEqual({ status: "already-completed" });
    await expect(recoveryRow(token)).resolves.toMatchObject({ status: "completed" });
  });

  // The recovery's createdAt is read before its transaction and the cancel token's inside it, so
  // "already completed" is decided by when the recovery ended, not when it started.
  it("on the system clock too, the cancel link of a completed recovery answers already-completed", async () => {
    const setup = await ownerWithUsableContacts({ start: new Date(Date.now() - days(8)) });
    const live = { ...setup, clock: { ...setup.clock, now: systemClock.now } };
    const { tenant, owner } = setup;
    const { token, recoveryId } = await startRealRecovery(live);
    for (const contact of setup.contacts) await submit(tenant, token, await vouch(live, contact, recoveryId, systemClock), systemClock);
    await finish(tenant, token, { kind: "password", password: owner.password }, systemClock);
    const cancelToken = await cancelTokenMailedTo(tenant, owner.email);
    await expect(cancelContactRecovery({ db, tenant, token: cancelToken, context: testContext(), clock: systemClock })).resolves.toEqual({ status: "already-completed" });
  });
});
