import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { env } from "../../src/env";
import { closeDb, getDb } from "../../src/db/client";
import { open, seal, type Keyring } from "../../src/crypto/secret-box";
import { resealTotpSecrets } from "../../src/factors/totp/reseal-totp-secrets";
import { startTotpEnrolment } from "../../src/factors/totp/start-totp-enrolment";
import { verifyTotpCode } from "../../src/factors/totp/verify-totp-code";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createTestTenant, createTestUser } from "../../src/testing";
import { codeAt, enrolActiveApp, pinClockEarlyInStep, testContext } from "./fixtures";

// Rotating the key that seals TOTP seeds (docs/key-rotation.md). The test database is shared by
// every test file, all sealing under the configured key (env() reads REKEY_ENCRYPTION_KEYS once),
// so these tests rotate *towards* the configured key: their rows start sealed under a "retired"
// key that only they use, and resealTotpSecrets with [configured, retired] moves them over. A
// rotation away from the configured key would re-seal other files' rows out from under them.

const db = getDb();
const configured: Keyring = env().REKEY_ENCRYPTION_KEYS;
const currentId = configured[0]?.id ?? "";
const retired = { id: `retired-${randomBytes(4).toString("hex")}`, key: randomBytes(32) };
const rotationRing: Keyring = [...configured, retired];

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

/** Puts a factor back in time: its seed sealed under the retired key, as before the rotation. */
async function sealUnderRetiredKey(factorId: string) {
  const row = await db.factor.findUniqueOrThrow({ where: { id: factorId }, select: { totpSealedSecret: true } });
  const base32 = open(row.totpSealedSecret ?? "", configured);
  await db.factor.update({ where: { id: factorId }, data: { totpSealedSecret: seal(base32, [retired]) } });
  return base32;
}

async function sealedValue(factorId: string): Promise<string> {
  const row = await db.factor.findUniqueOrThrow({ where: { id: factorId }, select: { totpSealedSecret: true } });
  return row.totpSealedSecret ?? "";
}

describe("rotating the TOTP seed key", () => {
  it("re-seals every seed under an old key, in batches, keeps every seed the same, and apps keep working", async () => {
    const tenant = await createTestTenant();
    pinClockEarlyInStep();
    const users = await Promise.all(Array.from({ length: 3 }, () => createTestUser(tenant.id)));
    const active = await Promise.all(users.map((user) => enrolActiveApp(tenant, user.id)));
    const pendingUser = await createTestUser(tenant.id);
    const pending = await startTotpEnrolment({ db, tenant, userId: pendingUser.id });
    const current = await enrolActiveApp(tenant, (await createTestUser(tenant.id)).id);
    const untouched = await sealedValue(current.factorId);

    const old = [...active, pending];
    const seeds = new Map<string, string>();
    for (const enrolment of old) seeds.set(enrolment.factorId, await sealUnderRetiredKey(enrolment.factorId));

    // With the old key gone from the configuration, an old seed is refused, never guessed around.
    await expect(verifyTotpCode({ db, tenant, userId: users[0]!.id, code: codeAt(active[0]!), context: testContext() })).rejects.toThrow(
      `Sealed with unknown key id "${retired.id}"`,
    );

    // Batches of 2 over 4 rows to move, mixed in with every other file's rows.
    await expect(resealTotpSecrets({ db, keyring: rotationRing, batchSize: 2 })).resolves.toEqual({ resealed: old.length });

    for (const enrolment of old) {
      const sealed = await sealedValue(enrolment.factorId);
      expect(sealed.split(".")[1]).toBe(currentId);
      expect(open(sealed, configured)).toBe(seeds.get(enrolment.factorId));
      expect(enrolment.secretBase32).toBe(seeds.get(enrolment.factorId));
    }
    // A seed already under the current key is not rewritten.
    await expect(sealedValue(current.factorId)).resolves.toBe(untouched);

    // The configured keyring alone (old key dropped) now serves every app.
    for (const [index, enrolment] of active.entries()) {
      await expect(verifyTotpCode({ db, tenant, userId: users[index]!.id, code: codeAt(enrolment, 1), context: testContext() })).resolves.toEqual({
        factorId: enrolment.factorId,
      });
    }

    // Nothing left to do: running it again changes nothing.
    await expect(resealTotpSecrets({ db, keyring: rotationRing })).resolves.toEqual({ resealed: 0 });
  });

  it("stops and names the factor when a seed is sealed under a key the keyring lacks, rather than report success", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const enrolment = await startTotpEnrolment({ db, tenant, userId: user.id });
    const lost = { id: `lost-${randomBytes(4).toString("hex")}`, key: randomBytes(32) };
    const before = seal(enrolment.secretBase32, [lost]);
    await db.factor.update({ where: { id: enrolment.factorId }, data: { totpSealedSecret: before } });
    try {
      await expect(resealTotpSecrets({ db, keyring: rotationRing })).rejects.toThrow(
        `Cannot re-seal the TOTP seed of factor ${enrolment.factorId}: Sealed with unknown key id "${lost.id}"`,
      );
      await expect(sealedValue(enrolment.factorId)).resolves.toBe(before);
    } finally {
      // Other tests in this file reseal the whole table: leave no unreadable row behind.
      await db.factor.delete({ where: { id: enrolment.factorId } });
    }
  });

  it("refuses to run without a key", async () => {
    await expect(resealTotpSecrets({ db, keyring: [] })).rejects.toThrow("No encryption key configured");
  });
});
