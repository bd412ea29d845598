import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestUser, findMessagesTo, strongPassword, tokenFromMessage } from "@rekey/core/testing";
import { quotas } from "@rekey/core";
import { tryConsumeQuota } from "../../core/src/rate-limit/quota";
import { appErrorOf } from "./factor-fixtures";
import { callerFor, errorCodeOf } from "./support";
import { realTicket } from "./support-fixtures";
import { auditRows, signedInUser, tenantWithKey, userWithTwoFactor } from "./tenant-api-user-fixtures";

describe("users.get", () => {
  it("describes an account without anything that could sign in", async () => {
    const { tenant, api } = await tenantWithKey(["users:read"]);
    const person = await createTestUser(tenant.id, { name: "Grace Hopper", emailVerified: false });
    const user = await api.users.get({ userId: person.id });
    expect(user).toMatchObject({ id: person.id, email: person.email, name: "Grace Hopper", emailVerified: false, disabled: false, disabledAt: null, hasTwoFactor: false });
    expect(Object.keys(user).sort()).toEqual(["createdAt", "disabled", "disabledAt", "email", "emailVerified", "hasTwoFactor", "id", "name"]);
    expect(await errorCodeOf(api.users.get({ userId: "usr_AAAAAAAAAAAAAAAAAAAAAA" }))).toBe("NOT_FOUND");
  });

  it("says whether two-step verification is on", async () => {
    const { tenant, api } = await tenantWithKey(["users:read"]);
    const owner = await userWithTwoFactor(tenant);
    expect((await api.users.get({ userId: owner.user.id })).hasTwoFactor).toBe(true);
  });
});

describe("users.list", () => {
  it("pages through every account once, oldest first, with an opaque cursor", async () => {
    const { tenant, api } = await tenantWithKey(["users:read"]);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push((await createTestUser(tenant.id)).id);
    // Two accounts created in the same millisecond still get a place each (ordered by id within it).
    await getDb().user.updateMany({ where: { id: { in: ids.slice(1, 3) } }, data: { createdAt: new Date("2026-01-01T00:00:00.000Z") } });
    const expected = (await getDb().user.findMany({ where: { tenantId: tenant.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } })).map((user) => user.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api.users.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      pages += 1;
      seen.push(...page.users.map((user) => user.id));
      cursor = page.nextCursor ?? undefined;
      if (cursor) expect(cursor).not.toContain("usr_");
    } while (cursor);
    // The tenant also has the key's admin (an account of the tenant).
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(expected.length / 2));
  });

  it("answers 50 a page when no limit is given", async () => {
    const { tenant, api } = await tenantWithKey(["users:read"]);
    const people = await Promise.all(Array.from({ length: 51 }, () => getDb().user.create({ data: { id: `usr_${Math.random().toString(36).slice(2, 12).padEnd(22, "x")}`, tenantId: tenant.id, email: `${Math.random().toString(36).slice(2)}@example.test`, name: "Bulk", passwordHash: "x" }, select: { id: true } })));
    expect(people).toHaveLength(51);
    const first = await api.users.list();
    expect(first.users).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const second = await api.users.list({ cursor: first.nextCursor! });
    expect(second.users).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it("finds an account by its exact address, ignoring case and spaces, and not by a prefix", async () => {
    const { tenant, api } = await tenantWithKey(["users:read"]);
    const person = await createTestUser(tenant.id, { email: "ada.lovelace@example.test" });
    await createTestUser(tenant.id, { email: "ada.byron@example.test" });
    expect((await api.users.list({ email: "  Ada.Lovelace@Example.TEST " })).users.map((user) => user.id)).toEqual([person.id]);
    expect((await api.users.list({ email: "ada@example.test" })).users).toEqual([]);
    expect((await api.users.list({ email: "nobody@example.test" })).nextCursor).toBeNull();
  });
});

describe("users.create (an invitation)", () => {
  it("makes an account nobody can sign in to until the person sets a password through the mailed link, then they can", async () => {
    const { tenant, api, apiKeyId } = await tenantWithKey(["users:write"]);
    const created = await api.users.create({ email: "  New.Person@Example.test ", name: " Nia Person " });
    expect(created).toMatchObject({ email: "new.person@example.test", name: "Nia Person", emailVerified: false, disabled: false, hasTwoFactor: false });
    expect(await auditRows(tenant.id, "account.invited")).toEqual([{ userId: created.id, actorType: "api_key", actorId: apiKeyId, data: {} }]);

    const [invitation] = await findMessagesTo(tenant.id, "new.person@example.test");
    expect(invitation?.subject).toBe(`You have been invited to ${tenant.name}`);
    expect(invitation?.text).toContain("expires in 24 hours");
    const token = tokenFromMessage(invitation!);
    const link = await getDb().emailToken.findFirstOrThrow({ where: { userId: created.id, purpose: "reset_password" }, select: { expiresAt: true, tokenHash: true } });
    // Only the link's hash is stored (S2, S8).
    expect(JSON.stringify(link)).not.toContain(token);
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(link.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    // No password works before the link is used.
    const hosted = await callerFor(tenant);
    expect(await errorCodeOf(hosted.auth.signIn({ email: created.email, password: strongPassword }))).toBe("INVALID_CREDENTIALS");

    await hosted.password.reset({ token, newPassword: strongPassword });
    const outcome = await (await callerFor(tenant)).auth.signIn({ email: created.email, password: strongPassword });
    expect(outcome.status).toBe("signed-in");
    // The link works once.
    expect(await errorCodeOf(hosted.password.reset({ token, newPassword: `${strongPassword} again` }))).toBe("TOKEN_INVALID");
  });

  it("answers CONFLICT for an address that has an account, in any case, and changes nothing", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const person = await createTestUser(tenant.id, { email: "taken@example.test" });
    const before = await getDb().user.findUniqueOrThrow({ where: { id: person.id }, omit: { passwordHash: false } });
    expect(await errorCodeOf(api.users.create({ email: "TAKEN@example.test", name: "Someone Else" }))).toBe("CONFLICT");
    expect(await getDb().user.findUniqueOrThrow({ where: { id: person.id }, omit: { passwordHash: false } })).toEqual(before);
    expect(await findMessagesTo(tenant.id, "taken@example.test")).toEqual([]);
    expect(await auditRows(tenant.id, "account.invited")).toEqual([]);
  });

  it("makes one account when the same address is invited ten times at once", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => errorCodeOf(api.users.create({ email: "race@example.test", name: "Racer" }))));
    expect(outcomes.filter((outcome) => outcome === "no error")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "CONFLICT")).toHaveLength(9);
    expect(await getDb().user.count({ where: { tenantId: tenant.id, email: "race@example.test" } })).toBe(1);
    expect(await findMessagesTo(tenant.id, "race@example.test")).toHaveLength(1);
  });

  it("stops a leaked key from using invitations to mail strangers past the tenant's hourly quota", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const { points } = quotas["invitation-mail"];
    // The hour's invitations, spent without making the accounts (each would cost a password hash).
    for (let sent = 0; sent < points; sent += 50) {
      await Promise.all(Array.from({ length: Math.min(50, points - sent) }, () => tryConsumeQuota({ name: "invitation-mail", key: tenant.id })));
    }
    const refused = await appErrorOf(api.users.create({ email: "one-too-many@example.test", name: "Late" }));
    expect(refused).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 3600 });
    expect(await getDb().user.count({ where: { tenantId: tenant.id, email: "one-too-many@example.test" } })).toBe(0);
    expect(await findMessagesTo(tenant.id, "one-too-many@example.test")).toEqual([]);
  });
});

describe("users.disable and users.enable", () => {
  it("disabling signs the account out everywhere in the same step, and enabling lets it sign in again", async () => {
    const { tenant, api, apiKeyId } = await tenantWithKey(["users:read", "users:write", "sessions:read"]);
    const person = await signedInUser(tenant);
    const disabled = await api.users.disable({ userId: person.user.id });
    expect(disabled).toMatchObject({ userId: person.user.id, revokedSessions: 1, changed: true });
    expect(await api.sessions.verify({ token: person.sessionToken })).toEqual({ active: false });
    expect(await getDb().session.count({ where: { userId: person.user.id, revokedAt: null } })).toBe(0);
    expect(await api.users.get({ userId: person.user.id })).toMatchObject({ disabled: true, disabledAt: disabled.disabledAt });
    expect(await auditRows(tenant.id, "account.disabled")).toEqual([
      { userId: person.user.id, actorType: "api_key", actorId: apiKeyId, data: { revokedSessions: 1, cancelledRecoveries: 0 } },
    ]);

    const hosted = await callerFor(tenant);
    expect(await errorCodeOf(hosted.auth.signIn({ email: person.user.email, password: person.user.password }))).toBe("FORBIDDEN");

    expect(await api.users.enable({ userId: person.user.id })).toEqual({ userId: person.user.id, changed: true });
    expect(await auditRows(tenant.id, "account.enabled")).toEqual([
      { userId: person.user.id, actorType: "api_key", actorId: apiKeyId, data: { disabledAt: disabled.disabledAt.toISOString() } },
    ]);
    expect((await hosted.auth.signIn({ email: person.user.email, password: person.user.password })).status).toBe("signed-in");
    // The sessions the disable ended stay ended.
    expect(await api.sessions.verify({ token: person.sessionToken })).toEqual({ active: false });
  });

  it("disabling twice or enabling an enabled account changes nothing and records nothing", async () => {
    const { tenant, api } = await tenantWithKey(["users:write"]);
    const person = await createTestUser(tenant.id);
    expect((await api.users.enable({ userId: person.id })).changed).toBe(false);
    const first = await api.users.disable({ userId: person.id });
    const second = await api.users.disable({ userId: person.id });
    expect(second).toEqual({ userId: person.id, disabledAt: first.disabledAt, revokedSessions: 0, changed: false });
    expect(await auditRows(tenant.id, "account.disabled")).toHaveLength(1);
    expect(await auditRows(tenant.id, "account.enabled")).toHaveLength(0);
  });
});

describe("users.securityStatus", () => {
  it("gives an account with nothing set up the lowest readiness", async () => {
    const { tenant, api } = await tenantWithKey(["users:read"]);
    const person = await createTestUser(tenant.id);
    expect(await api.users.securityStatus({ userId: person.id })).toMatchObject({
      userId: person.id,
      disabled: false,
      twoFactorEnabled: false,
      factors: [],
      recoveryCodes: { hasSet: false, style: null, total: 0, remaining: 0, warn: false },
      trustedContacts: { enabled: true, usable: 0, threshold: tenant.policy.contacts.threshold },
      openRecoveries: { trustedContacts: 0, support: 0 },
      recoveryFreezeUntil: null,
      readiness: { level: 1, label: "You have only one way back in" },
    });
  });

  it("names factors by kind and name, counts the codes left and the open support request, and says nothing secret", async () => {
    const { tenant, api } = await tenantWithKey(["users:read"]);
    const owner = await userWithTwoFactor(tenant);
    await realTicket(tenant, owner.user.email);
    const status = await api.users.securityStatus({ userId: owner.user.id });
    expect(status).toMatchObject({
      twoFactorEnabled: true,
      factors: [{ type: "totp", kind: "Authenticator app", name: "Phone", isPasskey: false }],
      recoveryCodes: { hasSet: true, style: "set", total: 10, remaining: 10, warn: false },
      openRecoveries: { trustedContacts: 0, support: 1 },
      readiness: { level: 2, label: "Ready, with one method" },
    });
    const factor = await getDb().factor.findFirstOrThrow({ where: { userId: owner.user.id }, omit: { totpSealedSecret: false } });
    expect(JSON.stringify(status)).not.toContain(factor.totpSealedSecret!);
    expect(Object.keys(status.factors[0]!).sort()).toEqual(["createdAt", "id", "isPasskey", "kind", "lastUsedAt", "name", "type"]);
  });
});

describe("recoveryCodes.generate", () => {
  it("returns a new set once, ends the old one, and writes the same audit row and notice as the security page", async () => {
    const { tenant, api, apiKeyId } = await tenantWithKey(["recovery-codes:write"]);
    const owner = await userWithTwoFactor(tenant);
    const oldSet = await getDb().recoveryCodeSet.findFirstOrThrow({ where: { userId: owner.user.id, replacedAt: null }, select: { id: true } });

    const issued = await api.recoveryCodes.generate({ userId: owner.user.id });
    expect(issued.userId).toBe(owner.user.id);
    expect(issued.codes).toHaveLength(10);
    for (const code of issued.codes) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await getDb().recoveryCodeSet.findUniqueOrThrow({ where: { id: oldSet.id }, select: { replacedAt: true } })).not.toMatchObject({ replacedAt: null });
    expect(await auditRows(tenant.id, "recovery_codes.generated")).toContainEqual({
      userId: owner.user.id,
      actorType: "api_key",
      actorId: apiKeyId,
      data: { setId: issued.setId, style: "set", count: 10 },
    });
    const [notice] = await findMessagesTo(tenant.id, owner.user.email);
    expect(notice?.subject).toContain("New recovery codes were made; the old ones no longer work");
    // Only hashes at rest (S2).
    const stored = JSON.stringify(await getDb().recoveryCode.findMany({ where: { setId: issued.setId }, omit: { codeHash: false } }));
    for (const code of issued.codes) expect(stored).not.toContain(code.replace(/-/g, ""));
  });

  it("answers CONFLICT for an account without two-step verification and makes no set", async () => {
    const { tenant, api } = await tenantWithKey(["recovery-codes:write"]);
    const person = await createTestUser(tenant.id);
    expect(await errorCodeOf(api.recoveryCodes.generate({ userId: person.id }))).toBe("CONFLICT");
    expect(await getDb().recoveryCodeSet.count({ where: { userId: person.id } })).toBe(0);
  });
});

describe("the user and recovery-code procedures' scopes", () => {
  const calls = {
    "users.get": ["users:read", (api, userId) => api.users.get({ userId })],
    "users.list": ["users:read", (api) => api.users.list()],
    "users.securityStatus": ["users:read", (api, userId) => api.users.securityStatus({ userId })],
    "users.create": ["users:write", (api) => api.users.create({ email: "scoped@example.test", name: "Scoped" })],
    "users.disable": ["users:write", (api, userId) => api.users.disable({ userId })],
    "users.enable": ["users:write", (api, userId) => api.users.enable({ userId })],
    "recoveryCodes.generate": ["recovery-codes:write", (api, userId) => api.recoveryCodes.generate({ userId })],
  } satisfies Record<string, [string, (api: Awaited<ReturnType<typeof tenantWithKey>>["api"], userId: string) => Promise<unknown>]>;

  it.each(Object.entries(calls))("%s refuses a key without its scope, naming it, and changes nothing", async (_name, [scope, call]) => {
    const { apiKeyScopes } = await import("@rekey/core");
    const { tenant, api } = await tenantWithKey(apiKeyScopes.filter((other) => other !== scope));
    const person = await createTestUser(tenant.id);
    const before = await getDb().auditEvent.count({ where: { tenantId: tenant.id } });
    const failure = await call(api, person.id).then(() => null, (error: unknown) => error as { code: string; message: string });
    expect(failure?.code).toBe("FORBIDDEN");
    expect(failure?.message).toContain(scope);
    expect(await getDb().auditEvent.count({ where: { tenantId: tenant.id } })).toBe(before);
    expect(await getDb().user.count({ where: { tenantId: tenant.id, OR: [{ email: "scoped@example.test" }, { disabledAt: { not: null } }] } })).toBe(0);
  });
});
