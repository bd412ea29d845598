import { afterAll, describe, expect, it } from "vitest";
import { consumeEmailToken, issueEmailToken } from "../../src/accounts/email-tokens";
import { resetPassword } from "../../src/accounts/reset-password";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { hashToken, newSecretToken } from "../../src/crypto/tokens";
import { closeDb, getDb } from "../../src/db/client";
import type { EmailTokenPurpose } from "../../src/generated/prisma/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createVerifiedAccount, expectAppError, tallyCodes, testContext } from "./fixtures";

// Attacks on emailed single-use links (S8): replaying a link (or racing two clicks), using a link
// after it expired, for another purpose, or on another tenant.

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

async function issuedToken(purpose: EmailTokenPurpose = "reset_password") {
  const tenant = await createTestTenant(db);
  const account = await createVerifiedAccount(db, tenant);
  const token = await issueEmailToken({ db, tenantId: tenant.id, userId: account.id, purpose });
  return { tenant, account, token };
}

function consume(tenant: Tenant, token: string, purpose: EmailTokenPurpose = "reset_password") {
  return consumeEmailToken({ db, tenantId: tenant.id, purpose, token });
}

async function expire(token: string, secondsAgo = 1) {
  await db.emailToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - secondsAgo * 1000) } });
}

describe("replaying a single-use link", () => {
  it("lets a reset token submitted 20 times at once succeed exactly once", async () => {
    const { tenant, account, token } = await issuedToken();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => consume(tenant, token)));
    expect(tallyCodes(results)).toEqual({ ok: 1, TOKEN_INVALID: 19 });
    const winner = results.find((result) => result.status === "fulfilled");
    expect(winner?.status === "fulfilled" ? winner.value.userId : undefined).toBe(account.id);
    await expectAppError(consume(tenant, token), "TOKEN_INVALID");
  });

  it("refuses a link once a newer one was sent for the same purpose", async () => {
    const { tenant, account, token: older } = await issuedToken();
    const newer = await issueEmailToken({ db, tenantId: tenant.id, userId: account.id, purpose: "reset_password" });
    await expectAppError(consume(tenant, older), "TOKEN_INVALID");
    await expect(consume(tenant, newer)).resolves.toMatchObject({ userId: account.id });
  });
});

describe("using an expired link", () => {
  it("refuses a token past its expiry with TOKEN_INVALID", async () => {
    const { tenant, token } = await issuedToken();
    await expire(token);
    const error = await expectAppError(consume(tenant, token), "TOKEN_INVALID");
    expect(error.status).toBe(400);
  });

  it("issues reset links that live one hour at most", async () => {
    const { token } = await issuedToken();
    const row = await db.emailToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) }, select: { createdAt: true, expiresAt: true } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(60 * 60_000 + 1_000);
  });

  // Prisma stores these timestamp columns as UTC wall-clock time; a comparison with now() in SQL
  // must not depend on the database session's time zone (a server initialised on a laptop in
  // California or Berlin has a non-UTC default).
  it.each(["America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo", "UTC"])(
    "decides expiry the same way when the database session's time zone is %s",
    async (timeZone) => {
      const { tenant, account } = await issuedToken();
      await db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL TimeZone = '${timeZone}'`);
        // A reset link just sent (valid for an hour) works...
        const fresh = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: account.id, purpose: "reset_password" });
        await expect(consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "reset_password", token: fresh })).resolves.toMatchObject({ userId: account.id });
        // ...and one that expired a minute ago does not.
        const stale = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: account.id, purpose: "verify_email" });
        await tx.emailToken.update({ where: { tokenHash: hashToken(stale) }, data: { expiresAt: new Date(Date.now() - 60_000) } });
        await expectAppError(consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "verify_email", token: stale }), "TOKEN_INVALID");
      });
    },
  );
});

describe("forging or redirecting a link", () => {
  it("refuses a token of tenant A on tenant B, and does not burn it for tenant A", async () => {
    const { tenant: tenantA, account, token } = await issuedToken();
    const tenantB = await createTestTenant(db);
    await expectAppError(consume(tenantB, token), "TOKEN_INVALID");
    await expect(consume(tenantA, token)).resolves.toMatchObject({ userId: account.id });
  });

  it("refuses a tenant A reset link on tenant B's reset page and leaves the password alone", async () => {
    const { tenant: tenantA, account, token } = await issuedToken();
    const tenantB = await createTestTenant(db);
    await expectAppError(resetPassword({ db, tenant: tenantB, token, newPassword: "amber quilt orbit ferry 88", context: testContext() }), "TOKEN_INVALID");
    await expect(signInWithPassword({ db, tenant: tenantA, email: account.email, password: account.password, context: testContext() })).resolves.toMatchObject({
      userId: account.id,
    });
  });

  it.each<[EmailTokenPurpose, EmailTokenPurpose]>([
    ["verify_email", "reset_password"],
    ["change_email", "reset_password"],
    ["reset_password", "verify_email"],
  ])("refuses a %s token used as %s", async (issuedFor, usedAs) => {
    const { tenant, token } = await issuedToken(issuedFor);
    await expectAppError(consume(tenant, token, usedAs), "TOKEN_INVALID");
    await expect(consume(tenant, token, issuedFor)).resolves.toBeDefined();
  });

  it.each([
    ["a random token", () => newSecretToken()],
    ["an empty token", () => ""],
    ["the stored hash instead of the token", (token: string) => hashToken(token)],
  ])("refuses %s", async (_label, forge) => {
    const { tenant, token } = await issuedToken();
    await expectAppError(consume(tenant, forge(token)), "TOKEN_INVALID");
  });
});
