import { describe, expect, it } from "vitest";
import { createSession, generateApiKey, revokeApiKey, findStaffMemberships } from "@rekey/core";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { hashToken } from "../../core/src/crypto/tokens";
import { errorCodeOf } from "./support";
import { makeApiKey, tenantById, tenantCaller, tenantCallerWith } from "./tenant-api-fixtures";

async function signedInSession(tenantId: string) {
  const tenant = await tenantById(tenantId);
  const user = await createTestUser(tenantId);
  const session = await createSession({ db: getDb(), tenantId, userId: user.id, policy: tenant.policy, context: { ip: "198.51.100.1", userAgent: "test" }, methods: ["password", "totp"] });
  return { user, token: session.token };
}

describe("a tenant API key", () => {
  it("verifies a live session of its own tenant and answers inactive for a dead one", async () => {
    const { key, tenantId } = await makeApiKey({ scopes: ["sessions:read"] });
    const { user, token } = await signedInSession(tenantId);
    const api = await tenantCaller(key);
    const answer = await api.sessions.verify({ token });
    expect(answer).toMatchObject({ active: true, userId: user.id, tenantId, level: "two_factor", methods: ["password", "totp"] });
    expect(await api.sessions.verify({ token: "not-a-session" })).toEqual({ active: false });
  });

  it("is stored as its hash only, never as the key", async () => {
    const { key, apiKeyId } = await makeApiKey();
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: apiKeyId } });
    expect(row.secretHash).toBe(hashToken(key));
    expect(JSON.stringify(row)).not.toContain(key.slice(9));
  });

  it("answers a session token of another tenant as inactive (S28)", async () => {
    const mine = await makeApiKey({ scopes: ["sessions:read"] });
    const theirs = await makeApiKey({ scopes: ["sessions:read"] });
    const { token } = await signedInSession(theirs.tenantId);
    expect(await (await tenantCaller(mine.key)).sessions.verify({ token })).toEqual({ active: false });
  });

  it("stops working on the next call after it is revoked (S29)", async () => {
    const { key, apiKeyId, admin } = await makeApiKey({ scopes: ["sessions:read"] });
    const api = await tenantCaller(key);
    await api.sessions.verify({ token: "x" });
    const user = await getDb().user.findUniqueOrThrow({ where: { id: admin.userId } });
    const staff = { userId: admin.userId, email: user.email, name: user.name, memberships: await findStaffMemberships(getDb(), admin.userId) };
    await revokeApiKey({ db: getDb(), staff, apiKeyId, context: { ip: "198.51.100.7", userAgent: "vitest" } });
    // The next request (a new context, as over HTTP, where one request's batch shares a key check).
    expect(await errorCodeOf((await tenantCaller(key)).sessions.verify({ token: "x" }))).toBe("UNAUTHENTICATED");
  });

  it("refuses a mistyped key, a made-up key and a missing header without knowing any of them", async () => {
    const { key } = await makeApiKey({ scopes: ["sessions:read"] });
    const mistyped = key.slice(0, 12) + (key[12] === "a" ? "b" : "a") + key.slice(13);
    for (const authorization of [`Bearer ${mistyped}`, `Bearer ${generateApiKey("live")}`, null, key, "Basic abc"]) {
      expect(await errorCodeOf((await tenantCallerWith(authorization)).sessions.verify({ token: "x" }))).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses a call outside its scopes, naming the scope it lacks", async () => {
    const { key } = await makeApiKey({ scopes: ["users:read"] });
    const failure = await (await tenantCaller(key)).sessions.verify({ token: "x" }).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("sessions:read");
  });

  it("stops at its expiry", async () => {
    const { key, apiKeyId } = await makeApiKey({ scopes: ["sessions:read"], expiresAt: new Date(Date.now() + 60_000) });
    await getDb().apiKey.update({ where: { id: apiKeyId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await errorCodeOf((await tenantCaller(key)).sessions.verify({ token: "x" }))).toBe("UNAUTHENTICATED");
  });

  it("cannot be used to flood the API: past its budget a minute, calls are refused with a retry time", async () => {
    const tenant = await createTestTenant({ api: { requestsPerMinute: 60 } });
    const { key } = await makeApiKey({ tenantId: tenant.id, scopes: ["sessions:read"] });
    const api = await tenantCaller(key);
    const codes: string[] = [];
    for (let call = 0; call < 60; call += 1) codes.push(await errorCodeOf(api.sessions.verify({ token: "x" })));
    expect(codes.every((code) => code === "no error")).toBe(true);
    const refusal = await api.sessions.verify({ token: "x" }).then(
      () => null,
      (error: unknown) => (error as { cause?: { code?: string; retryAfterSeconds?: number } }).cause,
    );
    expect(refusal?.code).toBe("RATE_LIMITED");
    expect(refusal?.retryAfterSeconds).toBeGreaterThan(0);
    // Another key of the same tenant has its own budget.
    const other = await makeApiKey({ tenantId: tenant.id, scopes: ["sessions:read"] });
    expect(await errorCodeOf((await tenantCaller(other.key)).sessions.verify({ token: "x" }))).toBe("no error");
  });
});
