import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { callerFor, errorCodeOf, signedInCaller } from "./support";

const firefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

describe("server-side sessions", () => {
  it("stops a revoked session on its very next request (stolen-cookie replay)", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const laptop = await signedInCaller(tenant, user);
    const phone = await signedInCaller(tenant, user, { userAgent: firefoxOnLinux, ip: "198.51.100.7" });

    const devices = await laptop.caller.devices.list();
    expect(devices).toHaveLength(2);
    const phoneDevice = devices.find((device) => !device.isCurrent);
    expect(phoneDevice).toMatchObject({ browser: expect.stringContaining("Firefox"), os: expect.stringContaining("Linux"), ip: "198.51.100.7" });

    await laptop.caller.devices.revoke({ sessionId: phoneDevice!.id });
    expect(await errorCodeOf(phone.caller.devices.list())).toBe("UNAUTHENTICATED");
    expect(await laptop.caller.devices.list()).toHaveLength(1);
  });

  it("signs out everywhere else but keeps the current device", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const current = await signedInCaller(tenant, user);
    const others = await Promise.all([signedInCaller(tenant, user), signedInCaller(tenant, user)]);
    await expect(current.caller.devices.revokeOthers()).resolves.toEqual({ count: 2 });
    for (const other of others) expect(await other.caller.auth.session()).toBeNull();
    expect(await current.caller.auth.session()).not.toBeNull();
  });

  it("cannot revoke another user's session, and says not found as for a missing one", async () => {
    const tenant = await createTestTenant();
    const alice = await signedInCaller(tenant, await createTestUser(tenant.id));
    const bob = await signedInCaller(tenant, await createTestUser(tenant.id));
    const [bobDevice] = await bob.caller.devices.list();
    expect(await errorCodeOf(alice.caller.devices.revoke({ sessionId: bobDevice!.id }))).toBe("NOT_FOUND");
    expect(await errorCodeOf(alice.caller.devices.revoke({ sessionId: "ses_missing" }))).toBe("NOT_FOUND");
    expect(await bob.caller.auth.session()).not.toBeNull();
  });

  it("does not honour a session of one tenant on another tenant's pages", async () => {
    const tenantA = await createTestTenant();
    const tenantB = await createTestTenant();
    const user = await createTestUser(tenantA.id);
    const { sessionToken } = await signedInCaller(tenantA, user);
    const onB = await callerFor(tenantB, { sessionToken });
    expect(await onB.auth.session()).toBeNull();
    expect(await errorCodeOf(onB.devices.list())).toBe("UNAUTHENTICATED");
  });

  it("lets the same email be two separate accounts in two tenants", async () => {
    const tenantA = await createTestTenant();
    const tenantB = await createTestTenant();
    const a = await createTestUser(tenantA.id, { email: "same@example.test", password: "first tenant passphrase here" });
    const b = await createTestUser(tenantB.id, { email: "same@example.test", password: "second tenant passphrase now" });
    expect(a.id).not.toBe(b.id);
    expect(await errorCodeOf((await callerFor(tenantB)).auth.signIn({ email: a.email, password: a.password }))).toBe("INVALID_CREDENTIALS");
    await expect((await callerFor(tenantB)).auth.signIn({ email: b.email, password: b.password })).resolves.toMatchObject({ userId: b.id });
  });

  it("ends a session after the tenant's idle timeout and at its absolute end", async () => {
    const tenant = await createTestTenant({ sessions: { idleMinutes: 30, absoluteMinutes: 120 } });
    const user = await createTestUser(tenant.id);
    const idle = await signedInCaller(tenant, user);
    const old = await signedInCaller(tenant, user);
    const [idleSession, oldSession] = await Promise.all([idle.caller.auth.session(), old.caller.auth.session()]);

    await getDb().session.update({ where: { id: idleSession!.session.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    await getDb().session.update({ where: { id: oldSession!.session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await idle.caller.auth.session()).toBeNull();
    expect(await old.caller.auth.session()).toBeNull();
    // The absolute end is set from the policy at sign-in.
    const fresh = await signedInCaller(tenant, user);
    const freshSession = await fresh.caller.auth.session();
    const lifetimeMinutes = (freshSession!.session.expiresAt.getTime() - Date.now()) / 60_000;
    expect(lifetimeMinutes).toBeGreaterThan(119);
    expect(lifetimeMinutes).toBeLessThanOrEqual(120);
  });

  it("issues a new, different token at every sign-in (no session fixation)", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const first = await signedInCaller(tenant, user);
    const second = await signedInCaller(tenant, user);
    expect(first.sessionToken).not.toBe(second.sessionToken);
    expect(first.sessionToken.length).toBeGreaterThanOrEqual(43);
  });
});
