import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb, getDb } from "../../src/db/client";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createVerifiedAccount, expectAppError, randomHex, rejections, tallyCodes, testContext } from "./fixtures";

// Online guessing through the real sign-in (S6): failures are counted per account across every
// IP, and per IP across every account; past either limit even the right password is refused.

const db = getDb();

afterAll(async () => {
  await closeDb();
});

function signIn(tenant: Tenant, email: string, password: string, ip: string) {
  return signInWithPassword({ db, tenant, email, password, context: testContext(ip) });
}

async function failedSignInAudits(tenant: Tenant, userId: string) {
  return db.auditEvent.count({ where: { tenantId: tenant.id, userId, type: "account.sign_in_failed" } });
}

describe("guessing one account's password from many IPs at once", () => {
  it("checks at most 10 of 40 concurrent guesses, refuses the rest, and then refuses the correct password too", async () => {
    const tenant = await createTestTenant(db);
    const victim = await createVerifiedAccount(db, tenant);
    const guesses = Array.from({ length: 40 }, (_, index) => signIn(tenant, victim.email, `wrong guess number ${index}`, `198.51.100.${index + 1}`));
    const results = await Promise.allSettled(guesses);

    const tally = tallyCodes(results);
    expect(tally).toEqual({ INVALID_CREDENTIALS: 10, RATE_LIMITED: 30 });
    for (const error of rejections(results).filter((error) => error.code === "RATE_LIMITED")) {
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
    }
    // Exactly as many password checks ran as were admitted.
    await expect(failedSignInAudits(tenant, victim.id)).resolves.toBe(10);

    const correct = await expectAppError(signIn(tenant, victim.email, victim.password, "192.0.2.200"), "RATE_LIMITED");
    expect(correct.retryAfterSeconds).toBeGreaterThan(0);
    await expect(db.session.count({ where: { tenantId: tenant.id, userId: victim.id } })).resolves.toBe(0);
  });

  it("refuses the correct password with the email spelled differently (the count is per normalised address)", async () => {
    const tenant = await createTestTenant(db);
    const victim = await createVerifiedAccount(db, tenant);
    await Promise.allSettled(Array.from({ length: 12 }, (_, index) => signIn(tenant, victim.email, `wrong ${index}`, `198.51.100.${index + 1}`)));
    await expectAppError(signIn(tenant, `  ${victim.email.toUpperCase()} `, victim.password, "192.0.2.201"), "RATE_LIMITED");
  });
});

describe("guessing many accounts' passwords from one IP (password spraying)", () => {
  it("refuses an IP after 10 failures across different emails, even with a correct password; other IPs are unaffected", async () => {
    const tenant = await createTestTenant(db, { signIn: { maxFailuresPerIp: 10 } });
    const sprayer = "203.0.113.66";
    const accounts = await Promise.all(Array.from({ length: 3 }, () => createVerifiedAccount(db, tenant)));
    const targets = [...accounts.map((account) => account.email), ...Array.from({ length: 7 }, () => `nobody-${randomHex()}@example.test`)];
    expect(targets).toHaveLength(10);
    for (const email of targets) {
      await expectAppError(signIn(tenant, email, "Summer2024!spray", sprayer), "INVALID_CREDENTIALS");
    }

    const victim = accounts[0]!;
    const refused = await expectAppError(signIn(tenant, victim.email, victim.password, sprayer), "RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    await expect(signIn(tenant, victim.email, victim.password, "192.0.2.10")).resolves.toMatchObject({ userId: victim.id });
  });

  it("checks at most 10 of 40 concurrent sprays from one IP", async () => {
    const tenant = await createTestTenant(db, { signIn: { maxFailuresPerIp: 10 } });
    const sprays = Array.from({ length: 40 }, () => signIn(tenant, `nobody-${randomHex()}@example.test`, "Summer2024!spray", "203.0.113.77"));
    expect(tallyCodes(await Promise.allSettled(sprays))).toEqual({ INVALID_CREDENTIALS: 10, RATE_LIMITED: 30 });
  });

  it("counts only failures against an IP: an office signing in successfully many times is not blocked", async () => {
    const tenant = await createTestTenant(db, { signIn: { maxFailuresPerIp: 10 } });
    const office = "192.0.2.44";
    const account = await createVerifiedAccount(db, tenant);
    for (let index = 0; index < 12; index += 1) {
      await expect(signIn(tenant, account.email, account.password, office)).resolves.toMatchObject({ userId: account.id });
    }
  });
});
