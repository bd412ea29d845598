import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb, getDb } from "../../src/db/client";
import { AppError } from "../../src/errors/app-error";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createVerifiedAccount, expectAppError, randomHex, testContext } from "./fixtures";

// Someone probes sign-in to learn which addresses have an account (S5): a wrong password and an
// unknown address must look the same, including once the attempts are throttled.

const db = getDb();

afterAll(async () => {
  await closeDb();
});

function signIn(tenant: Tenant, email: string, password: string) {
  return signInWithPassword({ db, tenant, email, password, context: testContext() });
}

function shape(error: AppError) {
  return { code: error.code, message: error.message, status: error.status, details: error.details };
}

describe("account enumeration through sign-in", () => {
  it("gives a wrong password and an unknown email the same code, message and status", async () => {
    const tenant = await createTestTenant(db);
    const account = await createVerifiedAccount(db, tenant);
    const wrongPassword = await expectAppError(signIn(tenant, account.email, "not the password at all 9"), "INVALID_CREDENTIALS");
    const unknownEmail = await expectAppError(signIn(tenant, `nobody-${randomHex()}@example.test`, "not the password at all 9"), "INVALID_CREDENTIALS");
    expect(shape(unknownEmail)).toEqual(shape(wrongPassword));
    expect(wrongPassword.status).toBe(401);
  });

  it("answers an account of another tenant like an unknown email", async () => {
    const [tenant, otherTenant] = await Promise.all([createTestTenant(db), createTestTenant(db)]);
    const elsewhere = await createVerifiedAccount(db, otherTenant);
    const error = await expectAppError(signIn(tenant, elsewhere.email, elsewhere.password), "INVALID_CREDENTIALS");
    const unknown = await expectAppError(signIn(tenant, `nobody-${randomHex()}@example.test`, elsewhere.password), "INVALID_CREDENTIALS");
    expect(shape(error)).toEqual(shape(unknown));
  });

  it("throttles an unknown email exactly like an existing one, so a lockout reveals nothing", async () => {
    const tenant = await createTestTenant(db);
    const account = await createVerifiedAccount(db, tenant);
    const unknown = `nobody-${randomHex()}@example.test`;
    const lockouts: AppError[] = [];
    for (const email of [account.email, unknown]) {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        await expectAppError(signIn(tenant, email, `wrong password ${attempt}`), "INVALID_CREDENTIALS");
      }
      lockouts.push(await expectAppError(signIn(tenant, email, "wrong password again"), "RATE_LIMITED"));
    }
    const [existing, missing] = lockouts;
    expect(missing!.message).toBe(existing!.message);
    // Both near the first back-off; a second may tick between the two lockouts.
    expect(Math.abs(missing!.retryAfterSeconds! - existing!.retryAfterSeconds!)).toBeLessThanOrEqual(2);
    expect(missing!.retryAfterSeconds).toBeGreaterThan(50);
  });

  it("spends a password hash on an unknown email too, so the two take similar time", async () => {
    const tenant = await createTestTenant(db);
    const account = await createVerifiedAccount(db, tenant);
    const time = async (email: string) => {
      const started = performance.now();
      await expectAppError(signIn(tenant, email, "not the password at all 9"), "INVALID_CREDENTIALS");
      return performance.now() - started;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const wrongPassword: number[] = [];
    const unknownEmail: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      wrongPassword.push(await time(account.email));
      unknownEmail.push(await time(`nobody-${randomHex()}@example.test`));
    }
    // Loose on purpose (shared CI machine): without the dummy hash the unknown path is an order
    // of magnitude faster, which this still catches.
    expect(median(unknownEmail)).toBeGreaterThan(median(wrongPassword) * 0.4);
  });
});
