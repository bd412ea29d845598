// The hosted sign-in handing a person back to a tenant app: a one-time code in the redirect,
// exchanged by the app's server for a session. Attacks: sending the code (or the person) to
// another site, replaying the code, racing it, using it late, using it with another tenant's key,
// and using it after the sign-in it came from was ended.
import { describe, expect, it } from "vitest";
import type { AuditActor } from "../../src/audit/record-audit-event";
import { hashToken } from "../../src/crypto/tokens";
import { createSession } from "../../src/sessions/create-session";
import { createSessionHandoff, sessionHandoffParameter } from "../../src/sessions/create-session-handoff";
import { exchangeSessionHandoff } from "../../src/sessions/exchange-session-handoff";
import { inspectSession } from "../../src/sessions/inspect-session";
import { revokeSession } from "../../src/sessions/revoke-session";
import { verifySession, type VerifiedSession } from "../../src/sessions/verify-session";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import { createTestTenant, createTestUser } from "../../src/testing";
import { expectAppError, tallyCodes } from "../app-error-assertions";
import { db, movableClock, testContext, type TestClock } from "../contacts/fixtures";

const appOrigin = "https://app.example.com";
const tenantApp: AuditActor = { type: "api_key", id: "key_test" };

type Hosted = { tenant: Tenant; userId: string; token: string; session: VerifiedSession; clock: TestClock };

/** A person signed in on the hosted pages of a tenant whose app lives at appOrigin. */
async function hostedSignIn(policy: Parameters<typeof createTestTenant>[0] = {}, methods = ["password", "totp"]): Promise<Hosted> {
  const tenant = await createTestTenant({ ...policy, api: { returnOrigins: [appOrigin], ...policy.api } });
  const user = await createTestUser(tenant.id);
  const { token } = await createSession({ db, tenantId: tenant.id, userId: user.id, policy: tenant.policy, context: testContext(), methods });
  const clock = movableClock();
  const session = await verifySession({ db, tenantId: tenant.id, policy: tenant.policy, token, now: clock.now() });
  if (!session) throw new Error("the hosted session should be live");
  return { tenant, userId: user.id, token, session, clock };
}

/** The code the browser carries to the app, read from the redirect. */
async function handOff(hosted: Hosted, returnTo = `${appOrigin}/callback`): Promise<string> {
  const { redirectTo } = await createSessionHandoff({ db, tenant: hosted.tenant, session: hosted.session, returnTo, clock: hosted.clock });
  const code = new URL(redirectTo).searchParams.get(sessionHandoffParameter);
  if (!code) throw new Error("no code in the redirect");
  return code;
}

function exchange(hosted: Hosted, code: string, tenant: Tenant = hosted.tenant) {
  return exchangeSessionHandoff({ db, tenant, code, actor: tenantApp, context: testContext(), clock: hosted.clock });
}

describe("an origin removed through another replica", () => {
  it("gets no code at once, though this process still holds the tenant with the origin in its cache", async () => {
    const hosted = await hostedSignIn();
    // Another web server saved the policy without the app; this one's copy of the tenant is older.
    await db.tenant.update({ where: { id: hosted.tenant.id }, data: { policy: { api: { returnOrigins: [] } } } });
    expect(hosted.tenant.policy.api.returnOrigins).toEqual([appOrigin]);
    await expectAppError(createSessionHandoff({ db, tenant: hosted.tenant, session: hosted.session, returnTo: `${appOrigin}/callback`, clock: hosted.clock }), "BAD_REQUEST");
    expect(await db.sessionHandoff.count({ where: { tenantId: hosted.tenant.id } })).toBe(0);
  });
});

describe("an open redirect through the handoff", () => {
  it.each([
    ["another site", "https://evil.example/callback"],
    ["a protocol-relative URL", "//evil.example/callback"],
    ["a javascript: URL", "javascript:alert(document.cookie)"],
    ["the app's host as user info", "https://app.example.com@evil.example/callback"],
    ["another port", "https://app.example.com:8443/callback"],
    ["plain http to the app's host", "http://app.example.com/callback"],
  ])("gets no code and leaves no row: %s", async (_label, returnTo) => {
    const hosted = await hostedSignIn();
    await expectAppError(createSessionHandoff({ db, tenant: hosted.tenant, session: hosted.session, returnTo, clock: hosted.clock }), "BAD_REQUEST");
    expect(await db.sessionHandoff.count({ where: { tenantId: hosted.tenant.id } })).toBe(0);
  });

  it("is not opened by a return origin of another tenant", async () => {
    const hosted = await hostedSignIn();
    const other = await createTestTenant({ api: { returnOrigins: ["https://other-app.example.com"] } });
    await expectAppError(
      createSessionHandoff({ db, tenant: hosted.tenant, session: hosted.session, returnTo: "https://other-app.example.com/callback", clock: hosted.clock }),
      "BAD_REQUEST",
    );
    // Nor does a session of one tenant get a code from another's pages.
    await expectAppError(
      createSessionHandoff({ db, tenant: other, session: hosted.session, returnTo: "https://other-app.example.com/callback", clock: hosted.clock }),
      "UNAUTHENTICATED",
    );
  });
});

describe("a handoff code", () => {
  it("rides on the app's own URL once, replaces a planted rekey_code and is kept only as its hash for a minute", async () => {
    const hosted = await hostedSignIn();
    const { redirectTo } = await createSessionHandoff({
      db,
      tenant: hosted.tenant,
      session: hosted.session,
      returnTo: `${appOrigin}/callback?state=xyz&${sessionHandoffParameter}=planted-by-attacker#section`,
      clock: hosted.clock,
    });
    const url = new URL(redirectTo);
    expect(url.origin).toBe(appOrigin);
    expect(url.pathname).toBe("/callback");
    expect(url.searchParams.get("state")).toBe("xyz");
    expect(url.hash).toBe("#section");
    const codes = url.searchParams.getAll(sessionHandoffParameter);
    expect(codes).toHaveLength(1);
    expect(codes[0]).not.toBe("planted-by-attacker");
    // 32 random bytes, base64url.
    expect(codes[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const rows = await db.sessionHandoff.findMany({ where: { tenantId: hosted.tenant.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.codeHash).toBe(hashToken(codes[0]!));
    expect(JSON.stringify(rows)).not.toContain(codes[0]);
    expect(rows[0]!.sessionId).toBe(hosted.session.sessionId);
    expect(rows[0]!.returnOrigin).toBe(appOrigin);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(60_000);
  });

  it("makes a new session with the hosted one's methods, proof time and absolute end, and its own token", async () => {
    const hosted = await hostedSignIn();
    const { token, session } = await exchange(hosted, await handOff(hosted));
    expect(token).not.toBe(hosted.token);
    expect(session.sessionId).not.toBe(hosted.session.sessionId);
    expect(session).toMatchObject({
      active: true,
      userId: hosted.userId,
      tenantId: hosted.tenant.id,
      methods: ["password", "totp"],
      level: "two_factor",
      authenticatedAt: hosted.session.authenticatedAt,
      expiresAt: hosted.session.expiresAt,
      restriction: null,
    });
    // The same answer sessions.verify gives for the new token.
    const inspected = await inspectSession({ db, tenant: hosted.tenant, token, clock: hosted.clock });
    expect(inspected).toEqual({ ...session, lastSeenAt: inspected.active ? inspected.lastSeenAt : null });
    const audit = await db.auditEvent.findMany({ where: { tenantId: hosted.tenant.id, type: "session.handed_off" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: hosted.userId, actorType: "api_key", actorId: "key_test" });
    expect(audit[0]!.data).toMatchObject({ sessionId: session.sessionId, fromSessionId: hosted.session.sessionId, returnOrigin: appOrigin });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("raced by eight concurrent exchanges makes exactly one session", async () => {
    const hosted = await hostedSignIn();
    const code = await handOff(hosted);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => exchange(hosted, code)));
    expect(tallyCodes(results)).toEqual({ ok: 1, TOKEN_INVALID: 7 });
    expect(await db.session.count({ where: { userId: hosted.userId } })).toBe(2);
    expect(await db.auditEvent.count({ where: { tenantId: hosted.tenant.id, type: "session.handed_off" } })).toBe(1);
  });

  it("replayed after its exchange is refused as used", async () => {
    const hosted = await hostedSignIn();
    const code = await handOff(hosted);
    await exchange(hosted, code);
    const replay = await expectAppError(exchange(hosted, code), "TOKEN_INVALID");
    expect(replay.message).toContain("already used");
  });

  it("works within its minute and is refused as expired after it", async () => {
    const hosted = await hostedSignIn();
    const onTime = await handOff(hosted);
    const late = await handOff(hosted);
    hosted.clock.advance(59_000);
    await exchange(hosted, onTime);
    hosted.clock.advance(2_000);
    const refused = await expectAppError(exchange(hosted, late), "TOKEN_INVALID");
    expect(refused.message).toContain("expired");
  });

  it("with another tenant's key answers exactly like an unknown code, and stays usable by its own tenant", async () => {
    const hosted = await hostedSignIn();
    const other = await createTestTenant({ api: { returnOrigins: [appOrigin] } });
    const code = await handOff(hosted);
    const foreign = await expectAppError(exchange(hosted, code, other), "NOT_FOUND");
    const unknown = await expectAppError(exchange(hosted, "no-such-code-0000000000000000000000000000000", other), "NOT_FOUND");
    expect([foreign.code, foreign.message, foreign.details]).toEqual([unknown.code, unknown.message, unknown.details]);
    // Not even a used code of another tenant says "used".
    await exchange(hosted, code);
    const foreignUsed = await expectAppError(exchange(hosted, code, other), "NOT_FOUND");
    expect(foreignUsed.message).toBe(unknown.message);
  });

  it("is refused once the hosted session it came from was signed out, and stays dead", async () => {
    const hosted = await hostedSignIn();
    const code = await handOff(hosted);
    await revokeSession({ db, tenantId: hosted.tenant.id, userId: hosted.userId, sessionId: hosted.session.sessionId, reason: "signed_out", context: testContext() });
    await expectAppError(exchange(hosted, code), "UNAUTHENTICATED");
    await expectAppError(exchange(hosted, code), "TOKEN_INVALID");
    expect(await db.session.count({ where: { userId: hosted.userId } })).toBe(1);
  });

  it("is refused when the hosted session went idle past the tenant's limit", async () => {
    const hosted = await hostedSignIn({ sessions: { idleMinutes: 5 } });
    const code = await handOff(hosted);
    await db.session.update({ where: { id: hosted.session.sessionId }, data: { lastSeenAt: new Date(hosted.clock.now().getTime() - 6 * 60_000) } });
    await expectAppError(exchange(hosted, code), "UNAUTHENTICATED");
  });

  it("is never made for a session that still owes a setup step", async () => {
    const hosted = await hostedSignIn({ factors: { requireSecondFactor: true } }, ["password"]);
    const refused = await expectAppError(
      createSessionHandoff({ db, tenant: hosted.tenant, session: hosted.session, returnTo: `${appOrigin}/callback`, clock: hosted.clock }),
      "SETUP_REQUIRED",
    );
    expect(refused.details).toEqual(["enrol-second-factor"]);
    expect(await db.sessionHandoff.count({ where: { tenantId: hosted.tenant.id } })).toBe(0);
  });
});
