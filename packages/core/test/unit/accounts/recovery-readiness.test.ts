import { describe, expect, it } from "vitest";
import { recoveryReadiness, type ReadinessCodes, type ReadinessContacts, type ReadinessFactor } from "../../../src/accounts/recovery-readiness";

const totp: ReadinessFactor = { type: "totp", isPasskey: false };
const passkey: ReadinessFactor = { type: "webauthn", isPasskey: true };
const sms: ReadinessFactor = { type: "sms", isPasskey: false };
const fullCodes: ReadinessCodes = { style: "set", remaining: 10, warn: false };
const fewCodes: ReadinessCodes = { style: "set", remaining: 2, warn: true };
const enoughContacts: ReadinessContacts = { usableCount: 2, threshold: 2 };
const tooFewContacts: ReadinessContacts = { usableCount: 1, threshold: 2 };

// The tenant API's users.securityStatus must not tell a tenant an account is ready when its
// security page would tell the owner it is one loss from being locked out.
describe("recoveryReadiness", () => {
  it.each([
    ["nothing at all", [], null, null, 1, "You have only one way back in"],
    ["codes and no method", [], fullCodes, null, 1, "You have only one way back in"],
    ["one method, codes running out, contacts not enough", [totp], fewCodes, tooFewContacts, 1, "You have only one way back in"],
    ["one method and full codes", [totp], fullCodes, null, 2, "Ready, with one method"],
    ["one method, few codes, enough contacts", [totp], fewCodes, enoughContacts, 2, "Ready, with one method"],
    ["two methods, codes running out", [totp, passkey], fewCodes, null, 2, "Almost ready"],
    ["two text-message methods and full codes", [sms, sms], fullCodes, null, 2, "Ready, with text messages only"],
    ["two methods and full codes", [totp, passkey], fullCodes, null, 3, "Ready"],
  ] as const)("%s: level %s", (_case, factors, codes, contacts, level, label) => {
    const readiness = recoveryReadiness([...factors], codes, contacts);
    expect(readiness.level).toBe(level);
    expect(readiness.label).toBe(label);
    expect(readiness.advice === null).toBe(level === 3);
  });

  it("names the lost method in its advice", () => {
    expect(recoveryReadiness([passkey], fullCodes, null).advice).toContain("If you lose your passkey, only your recovery codes get you in.");
  });
});
