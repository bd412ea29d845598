// The hosted sign-in hands a person back to a tenant app (auth.handOff on the hosted API), and the
// app's server exchanges the code with its key (sessions.exchange on the tenant API). Attacks:
// an open redirect through return_to, another tenant's key, a key without the scope, a replayed
// or malformed code, a session that owes a setup step.
import { describe, expect, it } from "vitest";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { getDb } from "@rekey/core/db";
import { callerFor, errorCodeOf, signedInCaller } from "./support";
import { makeApiKey, tenantById, tenantCaller } from "./tenant-api-fixtures";

const appOrigin = "https://app.example.com";

/** A tenant whose app lives at appOrigin, a key of it, and a person signed in on its hosted pages. */
async function tenantWithApp(policy: Parameters<typeof createTestTenant>[0] = {}) {
  const created = await createTestTenant({ ...policy, api: { returnOrigins: [appOrigin] } });
  const tenant = await tenantById(created.id);
  const { key } = await makeApiKey({ tenantId: tenant.id, scopes: ["sessions:read", "sessions:write"] });
  const user = await createTestUser(tenant.id);
  const { caller: browser } = await signedInCaller(tenant, user);
  return { tenant, key, user, browser };
}

function codeFrom(redirectTo: string): string {
  const code = new URL(redirectTo).searchParams.get("rekey_code");
  if (!code) throw new Error("no rekey_code in the redirect");
  return code;
}

/** Code and message of a refused call, as a tenant app sees them. */
async function refusal(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught as { message: string },
  );
  return { code: await errorCodeOf(Promise.reject(error)), message: error?.message };
}

describe("signing in for a tenant app", () => {
  it("hands the person back with a code the app exchanges for an active session of its own", async () => {
    const { key, user, browser } = await tenantWithApp();
    const { redirectTo } = await browser.auth.handOff({ returnTo: `${appOrigin}/signed-in?state=s1` });
    expect(new URL(redirectTo).searchParams.get("state")).toBe("s1");
    const api = await tenantCaller(key);
    const { token, session } = await api.sessions.exchange({ code: codeFrom(redirectTo) });
    expect(session).toMatchObject({ active: true, email: user.email, level: "password", methods: ["password"], restriction: null });
    expect(await api.sessions.verify({ token })).toMatchObject({ active: true, sessionId: session.sessionId, userId: session.userId });
  });

  it.each([
    ["another site", "https://evil.example/"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["the app's host as user info", "https://app.example.com@evil.example/"],
    ["another port", "https://app.example.com:444/"],
  ])("refuses an open redirect through return_to: %s", async (_label, returnTo) => {
    const { tenant, browser } = await tenantWithApp();
    expect(await errorCodeOf(browser.auth.handOff({ returnTo }))).toBe("BAD_REQUEST");
    expect(await getDb().sessionHandoff.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("cannot be used as a cookie on Rekey's own pages: a token stolen from the app changes nothing there", async () => {
    const { tenant, key, browser } = await tenantWithApp();
    const { token } = await (await tenantCaller(key)).sessions.exchange({ code: codeFrom((await browser.auth.handOff({ returnTo: `${appOrigin}/` })).redirectTo) });
    const thief = await callerFor(tenant, { sessionToken: token });
    expect(await thief.auth.session()).toBeNull();
    expect(await errorCodeOf(thief.devices.list())).toBe("UNAUTHENTICATED");
    // The app itself still sees it live.
    expect(await (await tenantCaller(key)).sessions.verify({ token })).toMatchObject({ active: true });
  });

  it("gives no code to a visitor who is not signed in", async () => {
    const { tenant } = await tenantWithApp();
    expect(await errorCodeOf((await callerFor(tenant)).auth.handOff({ returnTo: `${appOrigin}/` }))).toBe("UNAUTHENTICATED");
  });

  it("sends a session that owes a setup step to finish it first", async () => {
    const { browser } = await tenantWithApp({ factors: { requireSecondFactor: true } });
    expect(await errorCodeOf(browser.auth.handOff({ returnTo: `${appOrigin}/` }))).toBe("SETUP_REQUIRED");
  });

  it("answers another tenant's key exactly as for an unknown code (S28), and the code still works for its own tenant", async () => {
    const mine = await tenantWithApp();
    const theirs = await makeApiKey({ scopes: ["sessions:write"] });
    const code = codeFrom((await mine.browser.auth.handOff({ returnTo: `${appOrigin}/` })).redirectTo);
    const foreign = await refusal((await tenantCaller(theirs.key)).sessions.exchange({ code }));
    const unknown = await refusal((await tenantCaller(theirs.key)).sessions.exchange({ code: "A".repeat(43) }));
    expect(foreign).toEqual(unknown);
    expect(foreign.code).toBe("NOT_FOUND");
    expect((await (await tenantCaller(mine.key)).sessions.exchange({ code })).session.active).toBe(true);
  });

  it("refuses a replayed code saying it was used", async () => {
    const { key, browser } = await tenantWithApp();
    const code = codeFrom((await browser.auth.handOff({ returnTo: `${appOrigin}/` })).redirectTo);
    const api = await tenantCaller(key);
    await api.sessions.exchange({ code });
    const replay = await refusal(api.sessions.exchange({ code }));
    expect(replay.code).toBe("TOKEN_INVALID");
    expect(replay.message).toContain("already used");
  });

  it("refuses a key without sessions:write, naming the scope, and leaves the code unused", async () => {
    const { tenant, key, browser } = await tenantWithApp();
    const readOnly = await makeApiKey({ tenantId: tenant.id, scopes: ["sessions:read"] });
    const code = codeFrom((await browser.auth.handOff({ returnTo: `${appOrigin}/` })).redirectTo);
    const refused = await refusal((await tenantCaller(readOnly.key)).sessions.exchange({ code }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("sessions:write");
    expect((await (await tenantCaller(key)).sessions.exchange({ code })).session.active).toBe(true);
  });

  it.each([
    ["an empty code", ""],
    ["an oversized code", "x".repeat(201)],
  ])("refuses %s as BAD_REQUEST (S30)", async (_label, code) => {
    const { key } = await tenantWithApp();
    expect(await errorCodeOf((await tenantCaller(key)).sessions.exchange({ code }))).toBe("BAD_REQUEST");
  });
});
