import { expectSignedIn } from "../../src/testing";
import { afterAll, describe, expect, it } from "vitest";
import { issueEmailToken } from "../../src/accounts/email-tokens";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb, getDb } from "../../src/db/client";
import { enqueueEmail } from "../../src/outbox/enqueue-email";
import { createTestTenant, createVerifiedAccount, testContext } from "./fixtures";

// Two bugs that turn into breaches: a filter value that is undefined (Prisma then matches every
// row, across tenants), and a careless query that returns a secret column into a response.

const db = getDb();

afterAll(async () => {
  await closeDb();
});

async function signedInAccount() {
  const tenant = await createTestTenant(db);
  const account = await createVerifiedAccount(db, tenant);
  const session = expectSignedIn(await signInWithPassword({ db, tenant, email: account.email, password: account.password, context: testContext() }));
  return { tenant, account, session };
}

describe("a mass change through an undefined filter", () => {
  it.each([
    ["session.updateMany", () => db.session.updateMany({ where: { userId: undefined, revokedAt: null }, data: { revokedAt: new Date(), revokeReason: "bug" } }), "Session.updateMany: where.userId is undefined"],
    ["emailToken.updateMany", () => db.emailToken.updateMany({ where: { tenantId: undefined, usedAt: null }, data: { usedAt: new Date() } }), "EmailToken.updateMany: where.tenantId is undefined"],
    ["session.deleteMany", () => db.session.deleteMany({ where: { tenantId: undefined } }), "Session.deleteMany: where.tenantId is undefined"],
    ["user.findMany", () => db.user.findMany({ where: { tenantId: undefined } }), "User.findMany: where.tenantId is undefined"],
  ])("%s is refused before it reaches the database, and nothing changes", async (_label, query, message) => {
    const { tenant, session } = await signedInAccount();
    await expect(query()).rejects.toThrow(message);
    await expect(db.session.findUniqueOrThrow({ where: { id: session.sessionId }, select: { revokedAt: true } })).resolves.toEqual({ revokedAt: null });
    await expect(db.emailToken.count({ where: { tenantId: tenant.id } })).resolves.toBe(0);
  });

  it("a bulk change without any where clause is refused", async () => {
    const { session } = await signedInAccount();
    await expect(db.session.updateMany({ data: { revokeReason: "bug" } })).rejects.toThrow("Session.updateMany without a where clause is refused");
    await expect(db.session.findUniqueOrThrow({ where: { id: session.sessionId }, select: { revokeReason: true } })).resolves.toEqual({ revokeReason: null });
  });
});

describe("a secret column leaking through a careless query", () => {
  it("leaves password hashes, token hashes and sealed bodies out of results unless asked for by name", async () => {
    const { tenant, account, session } = await signedInAccount();
    await issueEmailToken({ db, tenantId: tenant.id, userId: account.id, purpose: "reset_password" });
    await enqueueEmail({ db, tenantId: tenant.id, userId: account.id, to: account.email, subject: "Hello", text: "secret link" });

    const user = await db.user.findUniqueOrThrow({ where: { id: account.id } });
    const sessionRow = await db.session.findUniqueOrThrow({ where: { id: session.sessionId } });
    const [token] = await db.emailToken.findMany({ where: { tenantId: tenant.id } });
    const [message] = await db.outboxMessage.findMany({ where: { tenantId: tenant.id } });
    expect(user).not.toHaveProperty("passwordHash");
    expect(sessionRow).not.toHaveProperty("tokenHash");
    expect(token).toBeDefined();
    expect(token).not.toHaveProperty("tokenHash");
    expect(message).toBeDefined();
    expect(message).not.toHaveProperty("sealedBody");

    const withHash = await db.user.findUniqueOrThrow({ where: { id: account.id }, omit: { passwordHash: false } });
    expect(withHash.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
