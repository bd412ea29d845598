import { describe, expect, it } from "vitest";
import { sessionRestriction } from "../../../src/sessions/session-restriction";
import { parseTenantPolicy } from "../../../src/tenants/tenant-policy";

const optional = parseTenantPolicy({});
const required = parseTenantPolicy({ factors: { requireSecondFactor: true } });

describe("what a session still owes", () => {
  it.each([
    [["password"], "enrol-second-factor"],
    [[], "enrol-second-factor"],
    [["password", "totp"], null],
    [["password", "sms"], null],
    [["password", "webauthn"], null],
    [["passkey"], null],
    [["password", "trusted_browser"], null],
    [["password", "recovery_code"], null],
  ] as const)("with methods %j under a policy that requires two-step verification: %s", (methods, expected) => {
    expect(sessionRestriction({ methods: [...methods], recoveryCodesDue: false }, required)).toBe(expected);
  });

  it("owes nothing for a password-only session when two-step verification is optional", () => {
    expect(sessionRestriction({ methods: ["password"], recoveryCodesDue: false }, optional)).toBeNull();
  });

  it("owes new recovery codes after the last one was used, whatever the policy", () => {
    expect(sessionRestriction({ methods: ["password", "recovery_code"], recoveryCodesDue: true }, optional)).toBe("save-recovery-codes");
    expect(sessionRestriction({ methods: ["password", "recovery_code"], recoveryCodesDue: true }, required)).toBe("save-recovery-codes");
  });
});
