import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestUser } from "@rekey/core/testing";
import { errorCodeOf, signedInCaller } from "./support";
import { auditRows, signedInUser, tenantWithKey } from "./tenant-api-user-fixtures";

describe("sessions.list", () => {
  it("lists the live sessions of one account with their device and level, never a token or hash", async () => {
    const { tenant, api } = await tenantWithKey(["sessions:read"]);
    const person = await signedInUser(tenant);
    const second = await signedInUser(tenant);
    // A second session of the first person, then revoked: not listed.
    const ended = await signedInUser(tenant);
    await getDb().session.updateMany({ where: { userId: ended.user.id }, data: { revokedAt: new Date() } });

    const { sessions } = await api.sessions.list({ userId: person.user.id });
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session).toMatchObject({ id: person.sessionId, methods: ["password"], level: "password", device: { browser: "Chrome 140", os: "macOS Catalina" } });
    expect(session!.device.label).toBe("Chrome 140 on macOS Catalina");
    expect(session!.idleExpiresAt.getTime()).toBeLessThanOrEqual(session!.expiresAt.getTime());
    expect(Object.keys(session!).sort()).toEqual(["createdAt", "device", "expiresAt", "id", "idleExpiresAt", "lastSeenAt", "level", "methods"]);
    const answer = JSON.stringify(sessions);
    const row = await getDb().session.findUniqueOrThrow({ where: { id: person.sessionId }, omit: { tokenHash: false } });
    expect(answer).not.toContain(person.sessionToken);
    expect(answer).not.toContain(row.tokenHash);
    expect(answer).not.toContain(second.sessionId);
    expect((await api.sessions.list({ userId: ended.user.id })).sessions).toEqual([]);
  });

  it("leaves out sessions that idled past the tenant's limit or passed their absolute end", async () => {
    const { tenant, api } = await tenantWithKey(["sessions:read"]);
    const idle = await signedInUser(tenant);
    await getDb().session.update({ where: { id: idle.sessionId }, data: { lastSeenAt: new Date(Date.now() - (tenant.policy.sessions.idleMinutes + 1) * 60_000) } });
    const over = await signedInUser(tenant);
    await getDb().session.update({ where: { id: over.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api.sessions.list({ userId: idle.user.id })).sessions).toEqual([]);
    expect((await api.sessions.list({ userId: over.user.id })).sessions).toEqual([]);
  });

  it("answers an account without sessions with an empty list, and a made-up account as not found", async () => {
    const { tenant, api } = await tenantWithKey(["sessions:read"]);
    const quiet = await createTestUser(tenant.id);
    expect(await api.sessions.list({ userId: quiet.id })).toEqual({ sessions: [] });
    expect(await errorCodeOf(api.sessions.list({ userId: "usr_AAAAAAAAAAAAAAAAAAAAAA" }))).toBe("NOT_FOUND");
  });
});

describe("sessions.revoke", () => {
  it("ends the session at once: verify answers inactive on the very next call, with an audit row naming the key", async () => {
    const { tenant, api, apiKeyId } = await tenantWithKey(["sessions:read", "sessions:write"]);
    const person = await signedInUser(tenant);
    const other = await signedInUser(tenant);
    expect((await api.sessions.verify({ token: person.sessionToken })).active).toBe(true);

    const revoked = await api.sessions.revoke({ sessionId: person.sessionId });
    expect(revoked).toMatchObject({ sessionId: person.sessionId, userId: person.user.id });
    expect(await api.sessions.verify({ token: person.sessionToken })).toEqual({ active: false });
    // The hosted pages too: the person's own browser is signed out.
    expect(await errorCodeOf(person.caller.devices.list())).toBe("UNAUTHENTICATED");
    // Nobody else is signed out.
    expect((await api.sessions.verify({ token: other.sessionToken })).active).toBe(true);
    expect(await auditRows(tenant.id, "session.revoked")).toEqual([
      { userId: person.user.id, actorType: "api_key", actorId: apiKeyId, data: { sessionId: person.sessionId } },
    ]);
  });

  it("answers a session already revoked as not found, and writes no second audit row", async () => {
    const { tenant, api } = await tenantWithKey(["sessions:write"]);
    const person = await signedInUser(tenant);
    await api.sessions.revoke({ sessionId: person.sessionId });
    expect(await errorCodeOf(api.sessions.revoke({ sessionId: person.sessionId }))).toBe("NOT_FOUND");
    expect(await auditRows(tenant.id, "session.revoked")).toHaveLength(1);
  });

  it("revokes a session once when twenty revocations race", async () => {
    const { tenant, api } = await tenantWithKey(["sessions:write"]);
    const person = await signedInUser(tenant);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => errorCodeOf(api.sessions.revoke({ sessionId: person.sessionId }))));
    expect(outcomes.filter((outcome) => outcome === "no error")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "NOT_FOUND")).toHaveLength(19);
    expect(await auditRows(tenant.id, "session.revoked")).toHaveLength(1);
  });
});

describe("sessions.revokeAll", () => {
  it("signs the account out everywhere and only that account, with one audit row", async () => {
    const { tenant, api, apiKeyId } = await tenantWithKey(["sessions:read", "sessions:write"]);
    const person = await signedInUser(tenant);
    const { sessionToken: secondToken } = await signedInCaller(tenant, person.user);
    const other = await signedInUser(tenant);

    expect(await api.sessions.revokeAll({ userId: person.user.id })).toEqual({ userId: person.user.id, revokedCount: 2 });
    expect(await api.sessions.verify({ token: person.sessionToken })).toEqual({ active: false });
    expect(await api.sessions.verify({ token: secondToken })).toEqual({ active: false });
    expect((await api.sessions.verify({ token: other.sessionToken })).active).toBe(true);
    expect(await auditRows(tenant.id, "session.revoked_all")).toEqual([{ userId: person.user.id, actorType: "api_key", actorId: apiKeyId, data: { revokedCount: 2 } }]);
  });
});

describe("the session procedures' scopes", () => {
  it.each([
    ["sessions.list", "sessions:read"],
    ["sessions.revoke", "sessions:write"],
    ["sessions.revokeAll", "sessions:write"],
  ] as const)("%s refuses a key without %s, naming it, and changes nothing", async (procedure, scope) => {
    const { tenant, api } = await tenantWithKey(scope === "sessions:read" ? ["sessions:write", "users:read"] : ["sessions:read", "users:write"]);
    const person = await signedInUser(tenant);
    const call =
      procedure === "sessions.list"
        ? api.sessions.list({ userId: person.user.id })
        : procedure === "sessions.revoke"
          ? api.sessions.revoke({ sessionId: person.sessionId })
          : api.sessions.revokeAll({ userId: person.user.id });
    const failure = await call.then(() => null, (error: unknown) => error as { code: string; message: string });
    expect(failure?.code).toBe("FORBIDDEN");
    expect(failure?.message).toContain(scope);
    expect(await getDb().session.count({ where: { userId: person.user.id, revokedAt: null } })).toBe(1);
  });
});

