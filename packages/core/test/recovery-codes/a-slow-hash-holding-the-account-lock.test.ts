import { afterAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb, getPool } from "../../src/db/client";
import { finishTwoStepSetup, startTwoStepSetup } from "../../src/factors/two-step-setup";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createTestTenant, createTestUser } from "../../src/testing";
import { addFactorRow, expectAppError, testContext } from "./fixtures";

// Turning two-step verification on locks the user's row (one factor change at a time). The typed
// code's argon2 hash takes tens of milliseconds, more under load: made under that lock, it holds up
// every other change to the account, and sign-ins queue behind it. Each hash is wrapped here
// (it still does the real work) to ask the database, from another connection, whether the row is
// locked at that moment. (Several at once are covered in turning-two-step-verification-on.test.ts;
// here another call's lock would be indistinguishable from this call's own.)

const watch = vi.hoisted(() => ({ userId: null as string | null, hashes: 0, hashesUnderLock: 0 }));

vi.mock("../../src/recovery-codes/hash-recovery-code", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/recovery-codes/hash-recovery-code")>();
  return {
    ...actual,
    hashRecoveryCode: async (...args: Parameters<typeof actual.hashRecoveryCode>) => {
      if (watch.userId) {
        watch.hashes += 1;
        if (await isRowLocked(watch.userId)) watch.hashesUnderLock += 1;
      }
      return actual.hashRecoveryCode(...args);
    },
  };
});

async function isRowLocked(userId: string): Promise<boolean> {
  try {
    await getPool().query(`SELECT id FROM "user" WHERE id = $1 FOR UPDATE NOWAIT`, [userId]);
    return false;
  } catch (error) {
    // lock_not_available: another transaction holds the row.
    if ((error as { code?: string }).code === "55P03") return true;
    throw error;
  }
}

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

async function userWithPendingCodes() {
  const tenant = await createTestTenant();
  const user = await createTestUser(tenant.id);
  await addFactorRow(tenant, user.id, { waiting: true });
  const issued = await startTwoStepSetup({ db, tenant, userId: user.id });
  return { tenant, user, issued };
}

async function watching<T>(userId: string, run: () => Promise<T>): Promise<T> {
  Object.assign(watch, { userId, hashes: 0, hashesUnderLock: 0 });
  try {
    return await run();
  } finally {
    watch.userId = null;
  }
}

describe("finishing two-step set-up hashes the typed code before it locks the account", () => {
  it("with the right code", async () => {
    const { tenant, user, issued } = await userWithPendingCodes();
    const finished = await watching(user.id, () => finishTwoStepSetup({ db, tenant, userId: user.id, setId: issued.setId, code: issued.codes[0]!, context: testContext() }));
    expect(finished.factorIds).toHaveLength(1);
    expect(watch.hashes).toBe(1);
    expect(watch.hashesUnderLock).toBe(0);
  });

  it("with a wrong code, which still gets the same answer", async () => {
    const { tenant, user, issued } = await userWithPendingCodes();
    const wrong = issued.codes[0]!.replace(/^./, (first) => (first === "A" ? "B" : "A"));
    await watching(user.id, () => expectAppError(finishTwoStepSetup({ db, tenant, userId: user.id, setId: issued.setId, code: wrong, context: testContext() }), "INVALID_CREDENTIALS"));
    expect(watch.hashes).toBe(1);
    expect(watch.hashesUnderLock).toBe(0);
  });
});
