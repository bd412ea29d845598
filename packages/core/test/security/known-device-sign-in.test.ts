import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { hashToken } from "../../src/crypto/tokens";
import { closeDb, getDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { verifyAgainstDummy, verifyPassword } from "../../src/passwords/hash-password";
import { verifySession } from "../../src/sessions/verify-session";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createVerifiedAccount, expectAppError, randomHex, testContext } from "./fixtures";

// The password sign-in from a known browser and session verification run on prepared statements
// (docs/decisions.md, "Hot path on prepared statements"). They must write and read exactly what
// the Prisma path does: the same rows, UTC instants, each statement all or nothing.

// Counted, not replaced: the hashes still run, so a test can tell which passwords were checked.
vi.mock("../../src/passwords/hash-password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/passwords/hash-password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword), verifyAgainstDummy: vi.fn(actual.verifyAgainstDummy) };
});

const db = getDb();

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function signedIn(outcome: Awaited<ReturnType<typeof signInWithPassword>>) {
  if (outcome.status !== "signed-in") throw new Error(`expected a session, got ${outcome.status}`);
  return outcome;
}

const throttleKey = (tenant: Tenant, email: string) => `${tenant.id}:password:${email}`;

async function throttleRow(tenant: Tenant, email: string) {
  return db.signInThrottle.findUniqueOrThrow({ where: { key: throttleKey(tenant, email) }, select: { failures: true, inFlight: true } });
}

/** The account is in its back-off: `limit` failures, the next attempt allowed in a minute. */
async function lockOut(tenant: Tenant, email: string) {
  await db.signInThrottle.upsert({
    where: { key: throttleKey(tenant, email) },
    create: { key: throttleKey(tenant, email), tenantId: tenant.id, failures: tenant.policy.signIn.maxFailuresPerAccount, nextAttemptAt: new Date(Date.now() + 60_000) },
    update: { failures: tenant.policy.signIn.maxFailuresPerAccount, nextAttemptAt: new Date(Date.now() + 60_000) },
  });
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

describe("password sign-in on the fast path's two statements, against a guesser", () => {
  beforeEach(() => {
    vi.mocked(verifyPassword).mockClear();
    vi.mocked(verifyAgainstDummy).mockClear();
  });

  it("refuses the right password from a known browser during a back-off without checking it, and writes nothing", async () => {
    const { tenant, account, context, deviceToken } = await knownBrowser();
    await lockOut(tenant, account.email);
    const device = await db.device.findUniqueOrThrow({ where: { tokenHash: hashToken(deviceToken) } });
    vi.mocked(verifyPassword).mockClear();

    const refused = await expectAppError(signInWithPassword({ db, tenant, email: account.email, password: account.password, deviceToken, context }), "RATE_LIMITED");
    expect(refused.retryAfterSeconds).toBeGreaterThan(50);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(verifyPassword).not.toHaveBeenCalled();
    expect(verifyAgainstDummy).not.toHaveBeenCalled();

    expect(await db.session.count({ where: { userId: account.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { userId: account.id, type: "account.signed_in" } })).toBe(1);
    await expect(db.device.findUniqueOrThrow({ where: { tokenHash: hashToken(deviceToken) } })).resolves.toEqual(device);
    await expect(throttleRow(tenant, account.email)).resolves.toEqual({ failures: tenant.policy.signIn.maxFailuresPerAccount, inFlight: 0 });
  });

  it("spends one dummy hash on a missing account when the attempt is admitted, and none when it is refused", async () => {
    const tenant = await createTestTenant(db);
    const email = `nobody-${randomHex()}@example.test`;
    await expectAppError(signInWithPassword({ db, tenant, email, password: "not the password at all 9", context: testContext() }), "INVALID_CREDENTIALS");
    expect(verifyAgainstDummy).toHaveBeenCalledTimes(1);
    expect(verifyPassword).not.toHaveBeenCalled();

    await lockOut(tenant, email);
    vi.mocked(verifyAgainstDummy).mockClear();
    await expectAppError(signInWithPassword({ db, tenant, email, password: "not the password at all 9", context: testContext() }), "RATE_LIMITED");
    expect(verifyAgainstDummy).not.toHaveBeenCalled();
  });

  type Browser = Awaited<ReturnType<typeof knownBrowser>>;
  const cookies: [string, (browser: Browser) => Promise<string>, boolean][] = [
    ["its own", async (browser) => browser.deviceToken, true],
    ["an unknown", async () => `unknown-${randomHex(16)}`, false],
    [
      "a forgotten",
      async (browser) => {
        await db.device.update({ where: { tokenHash: hashToken(browser.deviceToken) }, data: { revokedAt: new Date() } });
        return browser.deviceToken;
      },
      false,
    ],
    [
      "another user's",
      async (browser) => {
        const stranger = await createVerifiedAccount(db, browser.tenant);
        const outcome = signedIn(await signInWithPassword({ db, tenant: browser.tenant, email: stranger.email, password: stranger.password, context: browser.context }));
        return outcome.deviceToken!;
      },
      false,
    ],
  ];

  it.each(cookies)("settles the attempt exactly once with %s device cookie", async (_kind, cookieOf, isFastPath) => {
    const browser = await knownBrowser();
    const { tenant, account, context } = browser;
    const deviceToken = await cookieOf(browser);
    // Another attempt on this account is still being checked, after three failures: a settle too
    // many would take its place in the count, and a missing one would leave ours in it.
    await db.signInThrottle.update({ where: { key: throttleKey(tenant, account.email) }, data: { failures: 3, inFlight: 1 } });

    const outcome = signedIn(await signInWithPassword({ db, tenant, email: account.email, password: account.password, deviceToken, context }));
    expect(outcome.deviceToken === null).toBe(isFastPath);
    await expect(throttleRow(tenant, account.email)).resolves.toEqual({ failures: 0, inFlight: 1 });
    expect(await db.session.count({ where: { userId: account.id } })).toBe(2);
    expect(await db.auditEvent.count({ where: { userId: account.id, type: "account.signed_in" } })).toBe(2);
  });
});
