import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser } from "@rekey/core/testing";
import { generateTotpForStep, totpStepAt } from "../../core/src/factors/totp/totp-parameters";
import { errorCodeOf, signedInCaller } from "./support";

async function userOfTenantRequiringTwoStep() {
  const tenant = await createTestTenant({ factors: { requireSecondFactor: true } });
  const user = await createTestUser(tenant.id);
  return { tenant, user, ...(await signedInCaller(tenant, user)) };
}

describe("a tenant that requires two-step verification", () => {
  it("signs a user without a factor in to a session that can only enrol one", async () => {
    const { caller } = await userOfTenantRequiringTwoStep();
    expect((await caller.auth.session())?.restriction).toBe("enrol-second-factor");
    // Everything else waits for the factor.
    expect(await errorCodeOf(caller.devices.list())).toBe("SETUP_REQUIRED");
    expect(await errorCodeOf(caller.activity.list())).toBe("SETUP_REQUIRED");
    expect(await errorCodeOf(caller.email.requestChange({ newEmail: "elsewhere@example.test", currentPassword: "whatever it is" }))).toBe("SETUP_REQUIRED");
    // Enrolment itself is open.
    expect(await caller.factors.list()).toEqual([]);
    const enrolment = await caller.totp.start({ name: "Phone" });
    expect(enrolment.secretGroups.length).toBeGreaterThan(20);
  });

  it("lifts the restriction in the same session once a factor works and its recovery codes are saved", async () => {
    const { caller, user } = await userOfTenantRequiringTwoStep();
    const enrolment = await caller.totp.start({ name: "Phone" });
    const seed = Secret.fromBase32(enrolment.secretGroups.replace(/\s+/g, "")).bytes;
    const activation = await caller.totp.activate({ factorId: enrolment.factorId, code: generateTotpForStep(seed, totpStepAt(new Date())) });
    // Still owed: two-step verification is on only once the recovery codes are saved (S21).
    expect(activation.status).toBe("awaiting-recovery-codes");
    expect((await caller.auth.session())?.restriction).toBe("enrol-second-factor");
    const issued = await caller.recoveryCodes.startSetup();
    await caller.recoveryCodes.finishSetup({ setId: issued.setId, code: issued.codes[0]! });

    expect((await caller.auth.session())?.restriction).toBeNull();
    const devices = await caller.devices.list();
    expect(devices.find((device) => device.isCurrent)?.methods).toEqual(["password", "totp"]);
    const factors = await getDb().factor.count({ where: { userId: user.id, activatedAt: { not: null } } });
    expect(factors).toBe(1);
  });

  it("lets a session that owes a factor sign out", async () => {
    const { caller, tenant } = await userOfTenantRequiringTwoStep();
    await caller.auth.signOut();
    const session = await getDb().session.findFirstOrThrow({ where: { tenantId: tenant.id }, select: { revokedAt: true } });
    expect(session.revokedAt).not.toBeNull();
  });

  it("does not restrict tenants that leave two-step verification optional", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, user);
    expect((await caller.auth.session())?.restriction).toBeNull();
    expect(await caller.devices.list()).toHaveLength(1);
  });
});
