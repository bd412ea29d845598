import { describe, expect, it } from "vitest";
import { getDb } from "@rekey/core/db";
import { createTestTenant, createTestUser, type SoftwareAuthenticator } from "@rekey/core/testing";
import {
  ageSession,
  appErrorOf,
  asCreationOptions,
  asRequestOptions,
  currentSessionMethods,
  passkeyProvider,
  registerCredential,
  rpID,
  securityKey,
  unregisteredPasskey,
  type Caller,
} from "./factor-fixtures";
import { callerFor, errorCodeOf, saveCodesIfWaiting, signedInCaller } from "./support";

// Security keys and passkeys through the webauthn, challenge and factors procedures (S12, S17,
// S18, S28): enrolment needs a fresh sign-in, every ceremony answers only its own user's
// challenge once, and another user's key is as unknown as a key nobody registered.

type Tenant = Awaited<ReturnType<typeof createTestTenant>>;

async function signedInUser() {
  const tenant = await createTestTenant();
  const user = await createTestUser(tenant.id);
  const { caller } = await signedInCaller(tenant, user);
  return { tenant, user, caller };
}

async function userWithSecurityKey() {
  const { tenant, user, caller } = await signedInUser();
  const key = securityKey();
  const registered = await registerCredential(caller, key, "security-key", { name: "Blue key" });
  return { tenant, user, caller, key, factorId: registered.factorId };
}

/** Password first, then the second-factor page asks the browser for a key; returns the challenge caller. */
async function passwordStep(tenant: Tenant, user: { email: string; password: string }) {
  const outcome = await (await callerFor(tenant)).auth.signIn({ email: user.email, password: user.password });
  if (outcome.status !== "second-factor-required") throw new Error(`expected a challenge, got ${outcome.status}`);
  return { challengeCaller: await callerFor(tenant, { challengeToken: outcome.challengeToken }), methods: outcome.methods };
}

async function answerWithKey(challengeCaller: Caller, key: SoftwareAuthenticator, overrides: Parameters<SoftwareAuthenticator["authenticate"]>[1] = {}) {
  const options = await challengeCaller.challenge.webAuthnOptions();
  return challengeCaller.challenge.complete({ proof: { method: "webauthn", response: key.authenticate(asRequestOptions(options), overrides) } });
}

describe("registering security keys and passkeys", () => {
  it("registers a security key and a passkey with the options each needs, and lists both", async () => {
    const { tenant, user, caller } = await signedInUser();
    const keyOptions = await caller.webauthn.registrationOptions({ kind: "security-key" });
    expect(keyOptions).toMatchObject({
      rp: { id: rpID, name: tenant.name },
      user: { name: user.email, displayName: "Ada Lovelace" },
      attestation: "none",
      excludeCredentials: [],
      authenticatorSelection: { residentKey: "discouraged", userVerification: "preferred" },
    });
    expect(Buffer.from(String(keyOptions.challenge), "base64url")).toHaveLength(32);
    const key = securityKey();
    const keyResponse = key.register(asCreationOptions(keyOptions));
    const registeredKey = await caller.webauthn.register({ kind: "security-key", response: keyResponse });
    // The first method waits for its recovery codes (S21); saving them turns it on.
    expect(registeredKey).toEqual({ factorId: expect.any(String), status: "awaiting-recovery-codes", name: "Security key", isPasskey: false });
    await saveCodesIfWaiting(caller, registeredKey);

    const passkeyOptions = await caller.webauthn.registrationOptions({ kind: "passkey" });
    // The key just added is excluded, so the browser does not register it twice.
    expect(passkeyOptions).toMatchObject({
      excludeCredentials: [{ id: keyResponse.id, transports: ["usb", "nfc"] }],
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
    });
    const passkeys = passkeyProvider();
    const registeredPasskey = await caller.webauthn.register({ kind: "passkey", response: passkeys.register(asCreationOptions(passkeyOptions)), name: "Work laptop" });
    expect(registeredPasskey).toEqual({ factorId: expect.any(String), status: "active", name: "Work laptop", isPasskey: true });

    const listed = await caller.factors.list();
    expect(listed.map(({ id, type, name, isPasskey, maskedPhone }) => ({ id, type, name, isPasskey, maskedPhone }))).toEqual([
      { id: registeredKey.factorId, type: "webauthn", name: "Security key", isPasskey: false, maskedPhone: null },
      { id: registeredPasskey.factorId, type: "webauthn", name: "Work laptop", isPasskey: true, maskedPhone: null },
    ]);
    const { methods } = await passwordStep(tenant, user);
    expect(methods).toEqual({ totp: false, webauthn: true, sms: [], recoveryCode: true });
  });

  it("needs a recent sign-in or step-up before a key can be registered (S12)", async () => {
    const { tenant, user, caller } = await signedInUser();
    await ageSession(user.id);
    expect(await errorCodeOf(caller.webauthn.registrationOptions({ kind: "passkey" }))).toBe("STEP_UP_REQUIRED");
    const { sessionToken } = await caller.auth.stepUp({ proof: { method: "password", password: user.password } });
    const fresh = await callerFor(tenant, { sessionToken });
    await expect(fresh.webauthn.registrationOptions({ kind: "passkey" })).resolves.toMatchObject({ authenticatorSelection: { residentKey: "required" } });
  });

  it("refuses a registration answering another user's options, a second time, or after its ceremony expired", async () => {
    const { tenant, user, caller } = await signedInUser();
    const other = await signedInCaller(tenant, await createTestUser(tenant.id));
    const key = securityKey();
    const response = key.register(asCreationOptions(await caller.webauthn.registrationOptions({ kind: "security-key" })));

    const stolen = await appErrorOf(other.caller.webauthn.register({ kind: "security-key", response }));
    expect(stolen).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(await other.caller.factors.list()).toEqual([]);
    // The challenge was the owner's, and still is.
    await saveCodesIfWaiting(caller, await caller.webauthn.register({ kind: "security-key", response }));
    expect(await errorCodeOf(caller.webauthn.register({ kind: "security-key", response }))).toBe("INVALID_CREDENTIALS");

    const late = securityKey().register(asCreationOptions(await caller.webauthn.registrationOptions({ kind: "security-key" })));
    // Five minutes pass: the ceremony, and its challenge, are over.
    await getDb().webAuthnChallenge.updateMany({ where: { userId: user.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await errorCodeOf(caller.webauthn.register({ kind: "security-key", response: late }))).toBe("INVALID_CREDENTIALS");
    expect(await caller.factors.list()).toHaveLength(1);
  });

  it("refuses a credential already registered, in this account or in another tenant (S18)", async () => {
    const { caller, key } = await userWithSecurityKey();
    const [credential] = key.credentials;
    const again = await appErrorOf(registerCredential(caller, key, "security-key", { overrides: { reuse: credential } }));
    expect(again).toMatchObject({ code: "CONFLICT" });

    const elsewhere = await signedInUser();
    expect(await errorCodeOf(registerCredential(elsewhere.caller, key, "security-key", { overrides: { reuse: credential } }))).toBe("CONFLICT");
    expect(await elsewhere.caller.factors.list()).toEqual([]);
  });

  it("refuses a passkey that did not verify its user, or that the browser says is not discoverable", async () => {
    const { caller } = await signedInUser();
    const passkeys = passkeyProvider();
    expect(await errorCodeOf(registerCredential(caller, passkeys, "passkey", { overrides: { flags: { uv: false } } }))).toBe("INVALID_CREDENTIALS");
    expect(await errorCodeOf(registerCredential(caller, passkeys, "passkey", { overrides: { reportedDiscoverable: false } }))).toBe("INVALID_CREDENTIALS");
    expect(await caller.factors.list()).toEqual([]);
  });
});

describe("a security key as the second step of sign-in", () => {
  it("completes a password sign-in, and the session records [\"password\", \"webauthn\"]", async () => {
    const { tenant, user, key, factorId } = await userWithSecurityKey();
    const { challengeCaller } = await passwordStep(tenant, user);
    const options = await challengeCaller.challenge.webAuthnOptions();
    expect(options).toMatchObject({ rpId: rpID, userVerification: "preferred", allowCredentials: [{ id: key.credentials[0]!.id.toString("base64url"), type: "public-key" }] });

    const session = await challengeCaller.challenge.complete({ proof: { method: "webauthn", response: key.authenticate(asRequestOptions(options)) } });
    expect(session).toMatchObject({ status: "signed-in", userId: user.id });
    const signedIn = await callerFor(tenant, { sessionToken: session.sessionToken });
    expect(await currentSessionMethods(signedIn)).toEqual(["password", "webauthn"]);
    expect((await signedIn.factors.list()).find((factor) => factor.id === factorId)?.lastUsedAt).toBeInstanceOf(Date);
    // The sign-in is finished: its challenge cookie opens nothing more.
    expect(await errorCodeOf(challengeCaller.challenge.webAuthnOptions())).toBe("TOKEN_INVALID");
  });

  it("refuses another user's key, or another tenant's, exactly as a credential nobody registered (S28)", async () => {
    const { tenant, user, key } = await userWithSecurityKey();
    const colleague = await createTestUser(tenant.id);
    const colleagueKey = securityKey();
    await registerCredential((await signedInCaller(tenant, colleague)).caller, colleagueKey, "security-key");
    const outsiderKey = (await userWithSecurityKey()).key;
    const strangerKey = unregisteredPasskey();

    const { challengeCaller } = await passwordStep(tenant, user);
    const refusals = [];
    for (const other of [colleagueKey, outsiderKey, strangerKey]) {
      refusals.push(await appErrorOf(answerWithKey(challengeCaller, other, { credential: other.credentials[0]! })));
    }
    expect(refusals[0]).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect(refusals[1]).toEqual(refusals[0]);
    expect(refusals[2]).toEqual(refusals[0]);
    // The sign-in is still open for the right key.
    await expect(answerWithKey(challengeCaller, key)).resolves.toMatchObject({ status: "signed-in", userId: user.id });
  });

  it("refuses a key's answer once the sign-in has expired", async () => {
    const { tenant, user, key } = await userWithSecurityKey();
    const { challengeCaller } = await passwordStep(tenant, user);
    const options = await challengeCaller.challenge.webAuthnOptions();
    // Ten minutes pass.
    await getDb().signInChallenge.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = challengeCaller.challenge.complete({ proof: { method: "webauthn", response: key.authenticate(asRequestOptions(options)) } });
    expect(await errorCodeOf(late)).toBe("TOKEN_INVALID");
  });
});

describe("another user's key on the security page", () => {
  it("cannot be renamed or removed by anyone but its owner: the answer is that of a missing key (S28)", async () => {
    const owner = await userWithSecurityKey();
    const colleague = await signedInCaller(owner.tenant, await createTestUser(owner.tenant.id));
    const outsider = await signedInUser();
    const missingRename = await appErrorOf(colleague.caller.factors.rename({ factorId: "fac_doesnotexist", name: "Mine" }));
    const missingRemove = await appErrorOf(colleague.caller.factors.remove({ factorId: "fac_doesnotexist" }));
    expect(missingRename).toMatchObject({ code: "NOT_FOUND" });
    expect(missingRemove).toMatchObject({ code: "NOT_FOUND" });

    for (const caller of [colleague.caller, outsider.caller]) {
      expect(await appErrorOf(caller.factors.rename({ factorId: owner.factorId, name: "Mine" }))).toEqual(missingRename);
      expect(await appErrorOf(caller.factors.remove({ factorId: owner.factorId }))).toEqual(missingRemove);
    }
    expect((await owner.caller.factors.list()).map((factor) => factor.name)).toEqual(["Blue key"]);
  });
});
