import { afterAll, describe, expect, it } from "vitest";
import { disableAccount } from "../../src/accounts/disable-account";
import { enableAccount } from "../../src/accounts/enable-account";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb, getDb } from "../../src/db/client";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { createSession } from "../../src/sessions/create-session";
import { establishSessionOnKnownDevice } from "../../src/sign-in/establish-session-on-known-device";
import { createTestTenant, createVerifiedAccount, expectAppError, tallyCodes, testContext } from "./fixtures";

// A tenant disables an account (tenant API users.disable): from that moment no sign-in path may
// leave a live session behind, including one that was already past its password check when the
// disable committed, and the known-browser statement that skips Prisma.

const db = getDb();
const actor = { type: "api_key" as const, id: "key_test" };

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

async function knownBrowser() {
  const tenant = await createTestTenant(db);
  const account = await createVerifiedAccount(db, tenant);
  const context = testContext();
  const first = await signInWithPassword({ db, tenant, email: account.email, password: account.password, context });
  if (first.status !== "signed-in" || !first.deviceToken) throw new Error("expected a session and a device cookie");
  return { tenant, account, context, deviceToken: first.deviceToken };
}

const liveSessions = (userId: string) => db.session.count({ where: { userId, revokedAt: null } });

describe("a disabled account at sign-in", () => {
  it("gets the wrong-password answer for a wrong password, and 'disabled' only for the right one", async () => {
    const { tenant, account, context, deviceToken } = await knownBrowser();
    const enabledWrong = await expectAppError(signInWithPassword({ db, tenant, email: account.email, password: "not the password at all", context }), "INVALID_CREDENTIALS");
    await disableAccount({ db, tenant, userId: account.id, actor, context });
    const disabledWrong = await expectAppError(signInWithPassword({ db, tenant, email: account.email, password: "not the password at all", context }), "INVALID_CREDENTIALS");
    expect(disabledWrong.message).toBe(enabledWrong.message);
    const right = await expectAppError(signInWithPassword({ db, tenant, email: account.email, password: account.password, context }), "FORBIDDEN");
    expect(right.message).toContain("disabled");
    // The known-browser path (prepared statements) refuses the same way.
    await expectAppError(signInWithPassword({ db, tenant, email: account.email, password: account.password, deviceToken, context }), "FORBIDDEN");
    expect(await liveSessions(account.id)).toBe(0);

    await enableAccount({ db, tenant, userId: account.id, actor, context });
    const again = await signInWithPassword({ db, tenant, email: account.email, password: account.password, deviceToken, context });
    expect(again.status).toBe("signed-in");
  });

  it("writes nothing on the known-browser statement when the disable lands after the password check", async () => {
    const { tenant, account, context, deviceToken } = await knownBrowser();
    await disableAccount({ db, tenant, userId: account.id, actor, context });
    const auditBefore = await db.auditEvent.count({ where: { userId: account.id } });
    const deviceBefore = await db.device.findFirstOrThrow({ where: { userId: account.id }, select: { lastSeenAt: true } });
    const established = await establishSessionOnKnownDevice({
      sql: (await import("../../src/db/client")).getPool(),
      throttleKey: { tenantId: tenant.id, subject: `password:${account.email}` },
      tenant,
      user: { id: account.id, email: account.email },
      methods: ["password"],
      deviceToken,
      context,
    });
    expect(established).toBeNull();
    expect(await db.session.count({ where: { userId: account.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { userId: account.id } })).toBe(auditBefore);
    expect(await db.device.findFirstOrThrow({ where: { userId: account.id }, select: { lastSeenAt: true } })).toEqual(deviceBefore);
  });

  it("gets no session from createSession, the step every other sign-in path ends with", async () => {
    const tenant = await createTestTenant(db);
    const account = await createVerifiedAccount(db, tenant);
    const context = testContext();
    await disableAccount({ db, tenant, userId: account.id, actor, context });
    const refused = await expectAppError(createSession({ db, tenantId: tenant.id, userId: account.id, policy: tenant.policy, context, methods: ["passkey"] }), "FORBIDDEN");
    expect(refused.message).toContain("disabled");
    expect(await db.session.count({ where: { userId: account.id } })).toBe(0);
  });

  it("keeps no live session when sign-ins race the disable", async () => {
    const { tenant, account, context, deviceToken } = await knownBrowser();
    const signIns = Array.from({ length: 6 }, (_, index) =>
      signInWithPassword({ db, tenant, email: account.email, password: account.password, deviceToken: index % 2 === 0 ? deviceToken : null, context }),
    );
    const [disabled, ...outcomes] = await Promise.allSettled([disableAccount({ db, tenant, userId: account.id, actor, context }), ...signIns]);
    expect(disabled.status).toBe("fulfilled");
    const tally = tallyCodes(outcomes);
    expect((tally.ok ?? 0) + (tally.FORBIDDEN ?? 0)).toBe(6);
    // Whatever got in before the disable committed was revoked by it; nothing got in after.
    expect(await liveSessions(account.id)).toBe(0);
  });

  it("gets no session when the disable committed while the sign-in was on its way (the account row's lock)", async () => {
    const tenant = await createTestTenant(db);
    const account = await createVerifiedAccount(db, tenant);
    const context = testContext();
    // A disable holding the account row, not yet committed, as disableAccount does.
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const disabling = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "user" WHERE id = ${account.id} FOR UPDATE`;
      await tx.user.update({ where: { id: account.id }, data: { disabledAt: new Date() } });
      locked();
      await committed;
    });
    await isLocked;
    let settled = false;
    const signingIn = createSession({ db, tenantId: tenant.id, userId: account.id, policy: tenant.policy, context, methods: ["password"] }).finally(() => (settled = true));
    // Handled at once: it may reject while the test still awaits the disable's commit.
    signingIn.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    // It waits for the disable rather than reading the account as it was before.
    expect(settled).toBe(false);
    commit();
    await disabling;
    await expectAppError(signingIn, "FORBIDDEN");
    expect(await db.session.count({ where: { userId: account.id } })).toBe(0);
  });
});
