import { describe, expect, it } from "vitest";
import { defaultTenantPolicy, parseTenantPolicy, tenantPolicySchema } from "../../../src/tenants/tenant-policy";

const defaults = {
  sessions: { idleMinutes: 60 * 24 * 3, absoluteMinutes: 60 * 24 * 14 },
  signIn: { maxFailuresPerAccount: 10, maxFailuresPerIp: 100 },
  factors: { allowed: ["totp", "sms", "webauthn"], requireSecondFactor: false, rememberBrowserDays: 30, stepUpMinutes: 10 },
  recoveryCodes: { style: "set", count: 10, warnAtOrBelow: 3 },
  contacts: { enabled: true, max: 5, threshold: 2, coolingOffDays: 7, waitingHours: 24 },
  recovery: { freezeDays: 3 },
  support: { enabled: true, waitingHours: 72, secondApprover: "risky", questions: [], ticketDays: 30 },
  api: { requestsPerMinute: 6_000, returnOrigins: [] },
};

describe("tenant policy defaults", () => {
  it.each([
    ["an empty object", {}],
    ["null (a row stored before the column had a default)", null],
    ["undefined", undefined],
    ["empty sections", { sessions: {}, signIn: {}, recoveryCodes: {} }],
  ])("fills every field for %s", (_label, stored) => {
    expect(parseTenantPolicy(stored)).toEqual(defaults);
  });

  it("refuses SMS as the only second factor (S16) and an empty list", () => {
    expect(tenantPolicySchema.safeParse({ factors: { allowed: ["sms"] } }).success).toBe(false);
    expect(tenantPolicySchema.safeParse({ factors: { allowed: [] } }).success).toBe(false);
    expect(tenantPolicySchema.safeParse({ factors: { allowed: ["sms", "totp"] } }).success).toBe(true);
  });

  it("refuses a contact threshold above the number of contacts allowed", () => {
    expect(tenantPolicySchema.safeParse({ contacts: { max: 2, threshold: 3 } }).success).toBe(false);
    expect(tenantPolicySchema.safeParse({ contacts: { max: 3, threshold: 3 } }).success).toBe(true);
  });

  it("exports the same defaults", () => {
    expect(defaultTenantPolicy).toEqual(defaults);
  });

  it.each([
    [{ sessions: { idleMinutes: 30 } }, { ...defaults, sessions: { idleMinutes: 30, absoluteMinutes: defaults.sessions.absoluteMinutes } }],
    [{ signIn: { maxFailuresPerIp: 10 } }, { ...defaults, signIn: { maxFailuresPerAccount: 10, maxFailuresPerIp: 10 } }],
    [{ signIn: { maxFailuresPerAccount: 5 }, sessions: { absoluteMinutes: 60 } }, { ...defaults, sessions: { idleMinutes: defaults.sessions.idleMinutes, absoluteMinutes: 60 }, signIn: { maxFailuresPerAccount: 5, maxFailuresPerIp: 100 } }],
    [{ recoveryCodes: { style: "key" } }, { ...defaults, recoveryCodes: { style: "key", count: 10, warnAtOrBelow: 3 } }],
  ])("fills the rest of a partial policy %j", (stored, expected) => {
    expect(parseTenantPolicy(stored)).toEqual(expected);
  });
});

describe("tenant policy bounds keep a tenant out of insecure corners", () => {
  it.each([
    ["sessions.idleMinutes", { sessions: { idleMinutes: 4 } }],
    ["sessions.idleMinutes", { sessions: { idleMinutes: 60 * 24 * 30 + 1 } }],
    ["sessions.idleMinutes", { sessions: { idleMinutes: 30.5 } }],
    ["sessions.absoluteMinutes", { sessions: { absoluteMinutes: 14 } }],
    ["sessions.absoluteMinutes", { sessions: { absoluteMinutes: 60 * 24 * 90 + 1 } }],
    ["signIn.maxFailuresPerAccount", { signIn: { maxFailuresPerAccount: 2 } }],
    ["signIn.maxFailuresPerAccount", { signIn: { maxFailuresPerAccount: 51 } }],
    ["signIn.maxFailuresPerAccount", { signIn: { maxFailuresPerAccount: 0 } }],
    ["signIn.maxFailuresPerIp", { signIn: { maxFailuresPerIp: 9 } }],
    ["signIn.maxFailuresPerIp", { signIn: { maxFailuresPerIp: 1001 } }],
    ["signIn.maxFailuresPerIp", { signIn: { maxFailuresPerIp: "100" } }],
    // Fewer than 8 codes runs out too soon; more than 16 is a list nobody keeps.
    ["recoveryCodes.count", { recoveryCodes: { count: 7 } }],
    ["recoveryCodes.count", { recoveryCodes: { count: 17 } }],
    ["recoveryCodes.style", { recoveryCodes: { style: "words" } }],
    ["recoveryCodes.warnAtOrBelow", { recoveryCodes: { warnAtOrBelow: -1 } }],
    ["recoveryCodes.warnAtOrBelow", { recoveryCodes: { warnAtOrBelow: 6 } }],
  ])("refuses an out-of-range %s: %j", (path, stored) => {
    const result = tenantPolicySchema.safeParse(stored);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual([path]);
    expect(() => parseTenantPolicy(stored)).toThrow();
  });

  it.each([
    [{ sessions: { idleMinutes: 5, absoluteMinutes: 15 } }],
    [{ sessions: { idleMinutes: 60 * 24 * 30, absoluteMinutes: 60 * 24 * 90 } }],
    [{ signIn: { maxFailuresPerAccount: 3, maxFailuresPerIp: 10 } }],
    [{ signIn: { maxFailuresPerAccount: 50, maxFailuresPerIp: 1000 } }],
    [{ recoveryCodes: { style: "key", count: 8, warnAtOrBelow: 0 } }],
    [{ recoveryCodes: { style: "set", count: 16, warnAtOrBelow: 5 } }],
  ])("accepts the edge values %j", (stored) => {
    expect(tenantPolicySchema.safeParse(stored).success).toBe(true);
  });
});
