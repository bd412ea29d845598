import { describe, expect, it } from "vitest";
import { quotas } from "@rekey/core";
import { createTestTenant, createTestUser, type SoftwareAuthenticator } from "@rekey/core/testing";
import {
  appErrorOf,
  asRequestOptions,
  currentSessionMethods,
  passkeyProvider,
  registerCredential,
  rpID,
  securityKey,
  unregisteredPasskey,
} from "./factor-fixtures";
import { callerFor, errorCodeOf, signedInCaller, type CallerOptions } from "./support";

// Passkey sign-in without a password (S17): the passkey names the account, verifies its user, and
// is the only thing the server trusts; everything else about the request is the attacker's to set.

type Tenant = Awaited<ReturnType<typeof createTestTenant>>;

async function userWithPasskey(policy?: Parameters<typeof createTestTenant>[0]) {
  const tenant = await createTestTenant(policy);
  const user = await createTestUser(tenant.id);
  const { caller } = await signedInCaller(tenant, user);
  const passkeys = passkeyProvider();
  const registered = await registerCredential(caller, passkeys, "passkey", { name: "Work laptop" });
  return { tenant, user, passkeys, factorId: registered.factorId };
}

/** What the sign-in page does: ask for options, let the browser pick a passkey, send its answer. */
async function signInWithPasskey(
  tenant: Tenant,
  authenticator: SoftwareAuthenticator,
  overrides: Parameters<SoftwareAuthenticator["authenticate"]>[1] = {},
  callerOptions: CallerOptions = {},
) {
  const anonymous = await callerFor(tenant, callerOptions);
  const options = await anonymous.passkey.options();
  return anonymous.passkey.signIn({ response: authenticator.authenticate(asRequestOptions(options), overrides) });
}

describe("passkey sign-in", () => {
  it("offers options that name no credential, demand user verification and carry a fresh 32-byte challenge", async () => {
    const tenant = await createTestTenant();
    const anonymous = await callerFor(tenant);
    const first = await anonymous.passkey.options();
    const second = await anonymous.passkey.options();
    expect(first).toMatchObject({ rpId: rpID, allowCredentials: [], userVerification: "required", timeout: 300_000 });
    expect(Buffer.from(String(first.challenge), "base64url")).toHaveLength(32);
    expect(second.challenge).not.toBe(first.challenge);
  });

  it("signs in with a discoverable passkey and no password; the session records [\"passkey\"]", async () => {
    const { tenant, user, passkeys, factorId } = await userWithPasskey();
    const anonymous = await callerFor(tenant);
    const response = passkeys.authenticate(asRequestOptions(await anonymous.passkey.options()));
    const session = await anonymous.passkey.signIn({ response });
    expect(session).toMatchObject({ status: "signed-in", userId: user.id });
    expect(session.sessionToken.length).toBeGreaterThanOrEqual(43);

    const signedIn = await callerFor(tenant, { sessionToken: session.sessionToken });
    expect(await signedIn.auth.session()).toMatchObject({ user: { id: user.id, email: user.email }, restriction: null });
    expect(await currentSessionMethods(signedIn)).toEqual(["passkey"]);
    expect((await signedIn.factors.list()).find((factor) => factor.id === factorId)?.lastUsedAt).toBeInstanceOf(Date);

    // The challenge answered is spent: the same assertion sent again (a replay) signs nobody in.
    expect(await errorCodeOf(anonymous.passkey.signIn({ response }))).toBe("INVALID_CREDENTIALS");
  });

  it("refuses a passkey registered in another tenant exactly as it refuses an unknown passkey (S28)", async () => {
    const home = await userWithPasskey();
    const otherTenant = await createTestTenant();
    const fromOtherTenant = await appErrorOf(signInWithPasskey(otherTenant, home.passkeys));
    const unknown = await appErrorOf(signInWithPasskey(otherTenant, unregisteredPasskey()));
    expect(fromOtherTenant).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(fromOtherTenant).toEqual(unknown);

    // Options issued by the passkey's own tenant are no good at another one either.
    const homeOptions = await (await callerFor(home.tenant)).passkey.options();
    const carried = (await callerFor(otherTenant)).passkey.signIn({ response: home.passkeys.authenticate(asRequestOptions(homeOptions)) });
    expect(await errorCodeOf(carried)).toBe("INVALID_CREDENTIALS");

    // The refusals were about the tenant: at home, the same passkey works.
    await expect(signInWithPasskey(home.tenant, home.passkeys)).resolves.toMatchObject({ status: "signed-in", userId: home.user.id });
  });

  it("does not let one user's passkey sign in as another user by naming them in the user handle", async () => {
    const victim = await userWithPasskey();
    const attacker = await createTestUser(victim.tenant.id);
    const attackerPasskeys = passkeyProvider();
    await registerCredential((await signedInCaller(victim.tenant, attacker)).caller, attackerPasskeys, "passkey");
    const victimHandle = victim.passkeys.credentials[0]!.userHandle;

    const forged = await appErrorOf(signInWithPasskey(victim.tenant, attackerPasskeys, { userHandle: victimHandle }));
    expect(forged).toMatchObject({ code: "INVALID_CREDENTIALS" });
    // Without the forgery, the attacker's passkey signs in the attacker, and nobody else.
    await expect(signInWithPasskey(victim.tenant, attackerPasskeys)).resolves.toMatchObject({ userId: attacker.id });
  });

  it("does not let a security key enrolled behind a password sign in on its own", async () => {
    const tenant = await createTestTenant();
    const user = await createTestUser(tenant.id);
    const { caller } = await signedInCaller(tenant, user);
    const key = securityKey();
    const registered = await registerCredential(caller, key, "security-key");
    expect(registered.isPasskey).toBe(false);
    const credential = key.credentials[0]!;
    // A key that (like many) can verify its user and answers with the right user handle.
    const outcome = signInWithPasskey(tenant, key, { credential, userHandle: credential.userHandle, flags: { uv: true } });
    expect(await errorCodeOf(outcome)).toBe("INVALID_CREDENTIALS");
  });

  it("refuses a passkey assertion whose authenticator did not verify the user (a phone picked up unlocked)", async () => {
    const { tenant, user, passkeys } = await userWithPasskey();
    expect(await errorCodeOf(signInWithPasskey(tenant, passkeys, { flags: { uv: false } }))).toBe("INVALID_CREDENTIALS");
    await expect(signInWithPasskey(tenant, passkeys)).resolves.toMatchObject({ userId: user.id });
  });

  it("limits how many passkey challenges one address can make, so a script cannot fill the table", async () => {
    const tenant = await createTestTenant();
    const fromOneAddress = await callerFor(tenant, { ip: "198.51.100.7" });
    for (let i = 0; i < quotas["passkey-options"].points; i++) await fromOneAddress.passkey.options();
    expect(await appErrorOf(fromOneAddress.passkey.options())).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: 600 });
    await expect((await callerFor(tenant, { ip: "198.51.100.8" })).passkey.options()).resolves.toMatchObject({ allowCredentials: [] });
  });

  it("is refused where the tenant does not allow security keys and passkeys", async () => {
    const tenant = await createTestTenant({ factors: { allowed: ["totp", "sms"] } });
    expect(await errorCodeOf(signInWithPasskey(tenant, unregisteredPasskey()))).toBe("FORBIDDEN");
  });

  it("counts failed passkey sign-ins against the IP, and only failed ones (S6)", async () => {
    const { tenant, user, passkeys } = await userWithPasskey({ signIn: { maxFailuresPerIp: 10 } });
    const office = { ip: "198.51.100.23" };
    // A whole office behind one address signs in more often than the failure limit.
    for (let attempt = 0; attempt < 12; attempt++) {
      await expect(signInWithPasskey(tenant, passkeys, {}, office)).resolves.toMatchObject({ userId: user.id });
    }
    // Ten failures from one address use up its budget: after them even a good passkey waits.
    for (let attempt = 0; attempt < 10; attempt++) {
      expect(await errorCodeOf(signInWithPasskey(tenant, unregisteredPasskey(), {}, office))).toBe("INVALID_CREDENTIALS");
    }
    const refused = await appErrorOf(signInWithPasskey(tenant, passkeys, {}, office));
    expect(refused).toMatchObject({ code: "RATE_LIMITED" });
    expect(refused?.retryAfterSeconds).toBeGreaterThan(0);
    await expect(signInWithPasskey(tenant, passkeys, {}, { ip: "198.51.100.24" })).resolves.toMatchObject({ userId: user.id });
  });
});
