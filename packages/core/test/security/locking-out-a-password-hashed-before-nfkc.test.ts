import { hash, verify } from "@node-rs/argon2";
import { afterAll, describe, expect, it } from "vitest";
import { changePassword } from "../../src/accounts/change-password";
import { issueEmailToken } from "../../src/accounts/email-tokens";
import { resetPassword } from "../../src/accounts/reset-password";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { signUp } from "../../src/accounts/sign-up";
import { verifyCurrentPassword } from "../../src/accounts/verify-current-password";
import { closeDb, getDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { argon2Parameters, hashPassword } from "../../src/passwords/hash-password";
import { updateLegacyPasswordHash } from "../../src/passwords/update-legacy-password-hash";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createVerifiedAccount, expectAppError, randomHex, strongPassword, tallyCodes, testContext } from "./fixtures";

// Passwords are hashed in NFKC (docs/decisions.md, "Passwords are compared in NFKC"). A hash
// stored before that was made from the string as typed; its owner must still get in, and from
// that sign-in on the stored hash is the NFKC one. Every non-ASCII character is an escape, so no
// editor can quietly normalise the test data.

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

/** What a keyboard that sends combining accents sent when the password was set. */
const asFirstTyped = "re\u0301sume\u0301 amber quilt orbit";
/** The same password from a keyboard that sends é as one code point (its NFKC form). */
const asTypedElsewhere = "r\u00E9sum\u00E9 amber quilt orbit";

function signIn(tenant: Tenant, email: string, password: string, ip?: string) {
  return signInWithPassword({ db, tenant, email, password, context: testContext(ip) });
}

async function stored(userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, passwordChangedAt: true } });
}

/** An account whose hash was stored before passwords were normalised: argon2id of the raw string. */
async function accountWithLegacyHash(tenant: Tenant) {
  const account = await createVerifiedAccount(db, tenant);
  const legacyHash = await hash(asFirstTyped, argon2Parameters);
  const { passwordChangedAt } = await db.user.update({ where: { id: account.id }, data: { passwordHash: legacyHash }, select: { passwordChangedAt: true } });
  return { ...account, legacyHash, passwordChangedAt };
}

/** Whether a stored hash was made from the NFKC form (and not from the decomposed string). */
async function isNfkcHashOf(passwordHash: string, password: string) {
  const nfkc = password.normalize("NFKC");
  expect(nfkc).not.toBe(password.normalize("NFD"));
  return (await verify(passwordHash, nfkc)) && !(await verify(passwordHash, password.normalize("NFD")));
}

describe("signing in with a password hashed as typed, before NFKC", () => {
  it("signs in typed as before, and that sign-in replaces the stored hash with the NFKC one", async () => {
    const tenant = await createTestTenant(db);
    const account = await accountWithLegacyHash(tenant);
    await expect(signIn(tenant, account.email, asFirstTyped)).resolves.toMatchObject({ status: "signed-in", userId: account.id });

    const after = await stored(account.id);
    expect(after.passwordHash).not.toBe(account.legacyHash);
    expect(await isNfkcHashOf(after.passwordHash, asFirstTyped)).toBe(true);
    // Re-hashing is not a password change: no reset of what depends on passwordChangedAt.
    expect(after.passwordChangedAt).toEqual(account.passwordChangedAt);
  });

  it("refuses the other form until the owner has signed in once as before; after that both forms work", async () => {
    const tenant = await createTestTenant(db);
    const account = await accountWithLegacyHash(tenant);
    // Only the string a legacy hash was made from is known to match it.
    await expectAppError(signIn(tenant, account.email, asTypedElsewhere), "INVALID_CREDENTIALS");
    expect((await stored(account.id)).passwordHash).toBe(account.legacyHash);

    await expect(signIn(tenant, account.email, asFirstTyped)).resolves.toMatchObject({ status: "signed-in" });
    await expect(signIn(tenant, account.email, asTypedElsewhere)).resolves.toMatchObject({ status: "signed-in" });
    await expect(signIn(tenant, account.email, asFirstTyped)).resolves.toMatchObject({ status: "signed-in" });
  });

  it("replaces the hash exactly once: later sign-ins in either form leave the stored hash alone", async () => {
    const tenant = await createTestTenant(db);
    const account = await accountWithLegacyHash(tenant);
    await signIn(tenant, account.email, asFirstTyped);
    const replaced = (await stored(account.id)).passwordHash;
    expect(replaced).not.toBe(account.legacyHash);

    for (const typed of [asFirstTyped, asTypedElsewhere, asFirstTyped]) {
      await expect(signIn(tenant, account.email, typed)).resolves.toMatchObject({ status: "signed-in" });
      expect((await stored(account.id)).passwordHash).toBe(replaced);
    }
  });

  it("leaves the legacy hash alone after a wrong password", async () => {
    const tenant = await createTestTenant(db);
    const account = await accountWithLegacyHash(tenant);
    await expectAppError(signIn(tenant, account.email, "re\u0301sume\u0301 amber quilt orbiz"), "INVALID_CREDENTIALS");
    expect((await stored(account.id)).passwordHash).toBe(account.legacyHash);
  });

  it("signs in 5 times at once, and the hash is replaced by exactly one of them", async () => {
    const tenant = await createTestTenant(db);
    const account = await accountWithLegacyHash(tenant);
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, index) => signIn(tenant, account.email, asFirstTyped, `198.51.100.${index + 1}`)));
    expect(tallyCodes(results)).toEqual({ ok: 5 });
    expect(await isNfkcHashOf((await stored(account.id)).passwordHash, asFirstTyped)).toBe(true);

    // The same race, counted: of 5 replacements of one legacy hash, one is stored.
    await db.user.update({ where: { id: account.id }, data: { passwordHash: account.legacyHash } });
    const replacements = await Promise.all(
      Array.from({ length: 5 }, () => updateLegacyPasswordHash({ db, tenantId: tenant.id, userId: account.id, legacyHash: account.legacyHash, password: asFirstTyped })),
    );
    expect(replacements.filter(Boolean)).toHaveLength(1);
  });

  it("never puts back the old password over one changed meanwhile", async () => {
    const tenant = await createTestTenant(db);
    const account = await accountWithLegacyHash(tenant);
    const changed = await hashPassword("lantern cobalt meadow vortex 7");
    await db.user.update({ where: { id: account.id }, data: { passwordHash: changed } });
    await expect(updateLegacyPasswordHash({ db, tenantId: tenant.id, userId: account.id, legacyHash: account.legacyHash, password: asFirstTyped })).resolves.toBe(false);
    expect((await stored(account.id)).passwordHash).toBe(changed);
  });

  it("accepts the legacy password where a signed-in user confirms it (step-up, email change), and replaces the hash there too", async () => {
    const tenant = await createTestTenant(db);
    const account = await accountWithLegacyHash(tenant);
    await expect(verifyCurrentPassword({ db, tenant, userId: account.id, password: asFirstTyped })).resolves.toMatchObject({ id: account.id });
    expect(await isNfkcHashOf((await stored(account.id)).passwordHash, asFirstTyped)).toBe(true);
  });
});

describe("a new password is stored in NFKC", () => {
  const decomposed = "A\u030Angstro\u0308m lantern cobalt 42";
  const composed = "\u00C5ngstr\u00F6m lantern cobalt 42";

  it("at sign-up", async () => {
    const tenant = await createTestTenant(db);
    const email = `user-${randomHex()}@example.test`;
    await signUp({ db, tenant, email, name: "Test User", password: decomposed, context: testContext() });
    const user = await db.user.findFirstOrThrow({ where: { tenantId: tenant.id, email }, select: { passwordHash: true } });
    expect(await isNfkcHashOf(user.passwordHash, decomposed)).toBe(true);
  });

  it("at a password change, from a legacy current password; the new one then signs in in either form", async () => {
    const tenant = await createTestTenant(db);
    const account = await accountWithLegacyHash(tenant);
    const session = await signIn(tenant, account.email, asFirstTyped);
    if (session.status !== "signed-in") throw new Error("expected a session");
    await changePassword({ db, tenant, userId: account.id, sessionId: session.sessionId, currentPassword: asFirstTyped, newPassword: decomposed, context: testContext() });
    expect(await isNfkcHashOf((await stored(account.id)).passwordHash, decomposed)).toBe(true);
    await expect(signIn(tenant, account.email, composed)).resolves.toMatchObject({ status: "signed-in" });
    await expect(signIn(tenant, account.email, decomposed)).resolves.toMatchObject({ status: "signed-in" });
  });

  it("at a password reset; the new one then signs in in either form", async () => {
    const tenant = await createTestTenant(db);
    const account = await createVerifiedAccount(db, tenant, strongPassword);
    const token = await issueEmailToken({ db, tenantId: tenant.id, userId: account.id, purpose: "reset_password" });
    await resetPassword({ db, tenant, token, newPassword: decomposed, context: testContext() });
    expect(await isNfkcHashOf((await stored(account.id)).passwordHash, decomposed)).toBe(true);
    await expect(signIn(tenant, account.email, composed)).resolves.toMatchObject({ status: "signed-in" });
    await expect(signIn(tenant, account.email, decomposed)).resolves.toMatchObject({ status: "signed-in" });
  });
});
