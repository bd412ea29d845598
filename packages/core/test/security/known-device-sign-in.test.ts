import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { hashToken } from "../../src/crypto/tokens";
import { closeDb, getDb, getPool } from "../../src/db/client";
import { withSqlTransaction } from "../../src/db/sql-transaction";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { verifySession } from "../../src/sessions/verify-session";
import { createTestTenant, createVerifiedAccount, randomHex, testContext } from "./fixtures";

// The password sign-in from a known browser and session verification run on prepared statements
// (docs/decisions.md, "Hot path on prepared statements"). They must write and read exactly what
// the Prisma path does: the same rows, UTC instants, one atomic transaction.

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function signedIn(outcome: Awaited<ReturnType<typeof signInWithPassword>>) {
  if (outcome.status !== "signed-in") throw new Error(`expected a session, got ${outcome.status}`);
  return outcome;
}

async function knownBrowser() {
  const tenant = await createTestTenant(db);
  const account = await createVerifiedAccount(db, tenant);
  const context = testContext();
  const first = signedIn(await signInWithPassword({ db, tenant, email: account.email, password: account.password, context }));
  expect(first.deviceToken).toBeTruthy();
  return { tenant, account, context, deviceToken: first.deviceToken! };
}

describe("password sign-in from a known browser", () => {
  it("writes the device, session, audit and throttle rows the Prisma path writes, in UTC", async () => {
    const { tenant, account, context, deviceToken } = await knownBrowser();
    const before = Date.now();
    const outcome = signedIn(await signInWithPassword({ db, tenant, email: account.email, password: account.password, deviceToken, context }));
    const after = Date.now();

    expect(outcome.deviceToken).toBeNull();
    expect(outcome.sessionId).toMatch(/^ses_/);
    const device = await db.device.findUniqueOrThrow({ where: { tokenHash: hashToken(deviceToken) } });
    const session = await db.session.findUniqueOrThrow({ where: { id: outcome.sessionId }, omit: { tokenHash: false } });
    expect(session).toMatchObject({ tenantId: tenant.id, userId: account.id, deviceId: device.id, methods: ["password"], ip: context.ip, userAgent: context.userAgent, revokedAt: null });
    expect(session.tokenHash).toBe(hashToken(outcome.sessionToken));
    expect(session.expiresAt.getTime()).toBe(outcome.expiresAt.getTime());
    expect(outcome.expiresAt.getTime()).toBeGreaterThanOrEqual(before + tenant.policy.sessions.absoluteMinutes * 60_000 - 1);
    expect(outcome.expiresAt.getTime()).toBeLessThanOrEqual(after + tenant.policy.sessions.absoluteMinutes * 60_000);
    for (const instant of [session.createdAt, session.lastSeenAt, session.authenticatedAt, device.lastSeenAt]) {
      expect(Math.abs(instant.getTime() - before)).toBeLessThan(60_000);
    }

    const events = await db.auditEvent.findMany({ where: { tenantId: tenant.id, userId: account.id, type: "account.signed_in" }, orderBy: { createdAt: "asc" } });
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ actorType: "user", actorId: account.id, ip: context.ip, data: { sessionId: outcome.sessionId, methods: ["password"] } });
    expect(events[1]!.id).toMatch(/^evt_/);
    expect(await db.auditEvent.count({ where: { tenantId: tenant.id, type: "account.new_device_sign_in" } })).toBe(0);

    const throttle = await db.signInThrottle.findUniqueOrThrow({ where: { key: `${tenant.id}:password:${account.email}` } });
    expect(throttle).toMatchObject({ failures: 0, inFlight: 0 });
  });

  it("verifies the session it made, with the same instants, whatever the process's time zone", async () => {
    const { tenant, account, context, deviceToken } = await knownBrowser();
    const outcome = signedIn(await signInWithPassword({ db, tenant, email: account.email, password: account.password, deviceToken, context }));
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const verified = await verifySession({ db, tenantId: tenant.id, policy: tenant.policy, token: outcome.sessionToken });
      expect(verified).toMatchObject({ sessionId: outcome.sessionId, userId: account.id, methods: ["password"], user: { id: account.id, email: account.email, name: "Test User" } });
      expect(verified!.expiresAt.getTime()).toBe(outcome.expiresAt.getTime());
      const row = await db.session.findUniqueOrThrow({ where: { id: outcome.sessionId } });
      expect(verified!.authenticatedAt.getTime()).toBe(row.authenticatedAt.getTime());
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(await verifySession({ db, tenantId: tenant.id, policy: tenant.policy, token: `${outcome.sessionToken}x` })).toBeNull();
    const other = await createTestTenant(db);
    expect(await verifySession({ db, tenantId: other.id, policy: other.policy, token: outcome.sessionToken })).toBeNull();
  });

  it("takes the ordinary path for an unknown or another user's device cookie, leaving nothing of the fast path behind", async () => {
    const { tenant, account, context, deviceToken } = await knownBrowser();
    const stranger = await createVerifiedAccount(db, tenant);
    const outcome = signedIn(await signInWithPassword({ db, tenant, email: stranger.email, password: stranger.password, deviceToken, context }));
    expect(outcome.deviceToken).toBeTruthy();
    expect(outcome.deviceToken).not.toBe(deviceToken);
    expect(await db.session.count({ where: { userId: stranger.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { userId: stranger.id, type: "account.signed_in" } })).toBe(1);

    const unknown = signedIn(await signInWithPassword({ db, tenant, email: account.email, password: account.password, deviceToken: `unknown-${randomHex(16)}`, context }));
    expect(unknown.deviceToken).toBeTruthy();
    expect(await db.session.count({ where: { userId: account.id } })).toBe(2);
    expect(await db.auditEvent.count({ where: { userId: account.id, type: "account.new_device_sign_in" } })).toBe(1);
    const throttle = await db.signInThrottle.findUniqueOrThrow({ where: { key: `${tenant.id}:password:${account.email}` } });
    expect(throttle).toMatchObject({ failures: 0, inFlight: 0 });
  });
});

describe("withSqlTransaction", () => {
  it("rolls back on an error and always returns the client to the pool", async () => {
    const pool = getPool();
    const tenant = await createTestTenant(db);
    const key = `${tenant.id}:rollback-${randomHex()}`;
    await expect(
      withSqlTransaction(async (client) => {
        await client.query(`INSERT INTO sign_in_throttle (key, "tenantId", "updatedAt") VALUES ($1, $2, now())`, [key, tenant.id]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.signInThrottle.count({ where: { key } })).toBe(0);
    expect(pool.totalCount - pool.idleCount).toBe(0);

    await withSqlTransaction((client) => client.query(`INSERT INTO sign_in_throttle (key, "tenantId", "updatedAt") VALUES ($1, $2, now())`, [key, tenant.id]));
    expect(await db.signInThrottle.count({ where: { key } })).toBe(1);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
});
