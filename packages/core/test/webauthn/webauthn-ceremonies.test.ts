import { afterAll, describe, expect, it } from "vitest";
import { signInWithPassword } from "../../src/accounts/sign-in-with-password";
import { closeDb } from "../../src/db/client";
import { env } from "../../src/env";
import { finishTwoStepSetup, startTwoStepSetup } from "../../src/factors/two-step-setup";
import { finishWebAuthnRegistration } from "../../src/factors/webauthn/finish-webauthn-registration";
import { startWebAuthnAuthentication } from "../../src/factors/webauthn/start-webauthn-authentication";
import { startWebAuthnRegistration } from "../../src/factors/webauthn/start-webauthn-registration";
import { verifyWebAuthnAuthentication } from "../../src/factors/webauthn/verify-webauthn-authentication";
import { getWebAuthnRelyingParty } from "../../src/factors/webauthn/webauthn-relying-party";
import { closeJobQueue } from "../../src/outbox/job-queue";
import { coseEs256PublicKey, createTestTenant, findMessagesTo, saveRecoveryCodes, SoftwareAuthenticator } from "../../src/testing";
import {
  auditTypes,
  authenticate,
  context,
  db,
  expectAppError,
  origin,
  passkeyProvider,
  register,
  rpID,
  securityKey,
  tenantWithUser,
} from "./fixtures";

// The ordinary lives of a security key and a passkey, through the real verification: enrolment,
// use, counters, names, notices and audit rows, and what the database keeps.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

const yubiKey5Aaguid = "cb69481e-8ff7-4039-93ec-0a2729a154a8";

describe("a security key as a second factor", () => {
  it("asks for a non-discoverable credential under our RP ID, with no attestation", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startWebAuthnRegistration({ db, tenant, userId: user.id, kind: "security-key", origin });
    expect(options.rp).toEqual({ id: rpID, name: tenant.name });
    expect(options.attestation).toBe("none");
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "discouraged", userVerification: "preferred" });
    expect(options.excludeCredentials).toEqual([]);
    expect(options.timeout).toBe(5 * 60_000);
    expect(options.user.name).toBe(user.email);
    // The user handle lives on the authenticator and comes back from passkeys: never the email.
    const handle = Buffer.from(options.user.id, "base64url").toString("utf8");
    expect(handle).toBe(user.id);
    expect(handle).not.toContain(user.email);

    const stored = await db.webAuthnChallenge.findUniqueOrThrow({ where: { challenge: options.challenge } });
    expect(stored).toMatchObject({ tenantId: tenant.id, userId: user.id, ceremony: "register", usedAt: null });
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(4 * 60_000);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThanOrEqual(5 * 60_000 + 1_000);
  });

  it("stores the verified credential; as the first factor it waits for the recovery codes: not offered at sign-in, nothing audited or mailed (S21)", async () => {
    const { tenant, user } = await tenantWithUser();
    const key = securityKey();
    const { response, registered } = await register(tenant, user.id, key, "security-key", {}, { leaveWaiting: true });
    expect(registered).toEqual({ factorId: expect.any(String), name: "Security key", isPasskey: false, status: "awaiting-recovery-codes" });

    const factor = await db.factor.findUniqueOrThrow({ where: { id: registered.factorId } });
    expect(factor).toMatchObject({
      tenantId: tenant.id,
      userId: user.id,
      type: "webauthn",
      credentialId: response.id,
      signCount: 0n,
      transports: ["usb", "nfc"],
      aaguid: "00000000-0000-0000-0000-000000000000",
      isPasskey: false,
      isBackedUp: false,
      lastUsedAt: null,
      activatedAt: null,
    });
    expect(factor.verifiedAt).toBeInstanceOf(Date);
    const credential = key.credentials[0]!;
    expect(Buffer.from(factor.credentialPublicKey!)).toEqual(coseEs256PublicKey(credential.publicKey));

    expect(await auditTypes(tenant.id, user.id)).toEqual(["account.signed_up"]);
    await expect(findMessagesTo(tenant.id, user.email)).resolves.toEqual([]);
    // Two-step verification is not on yet: the password alone signs in, and the key is not asked for.
    await expect(signInWithPassword({ db, tenant, email: user.email, password: user.password, context })).resolves.toMatchObject({ status: "signed-in" });
    await expectAppError(startWebAuthnAuthentication({ db, tenant, userId: user.id, origin }), "NOT_FOUND");
  });

  it("turns 2FA on when the recovery codes are saved: the key is active, audited, announced once, and asked for at sign-in", async () => {
    const { tenant, user } = await tenantWithUser();
    const key = securityKey();
    const { registered } = await register(tenant, user.id, key, "security-key", {}, { leaveWaiting: true });

    const issued = await startTwoStepSetup({ db, tenant, userId: user.id });
    await expect(finishTwoStepSetup({ db, tenant, userId: user.id, setId: issued.setId, code: issued.codes[0]!, context })).resolves.toEqual({
      factorIds: [registered.factorId],
    });
    expect((await db.factor.findUniqueOrThrow({ where: { id: registered.factorId } })).activatedAt).toBeInstanceOf(Date);
    // One transaction: its rows share a timestamp, so they are compared sorted.
    expect((await auditTypes(tenant.id, user.id)).sort()).toEqual(["account.signed_up", "account.two_factor_enabled", "factor.added", "recovery_codes.generated"]);
    const [notice, ...others] = await findMessagesTo(tenant.id, user.email);
    expect(others).toEqual([]);
    expect(notice?.subject).toBe(`Security change on your ${tenant.name} account: Two-step verification was turned on with a security key (“Security key”), and recovery codes were saved`);
    expect(notice?.text).toContain(context.ip);

    await expect(signInWithPassword({ db, tenant, email: user.email, password: user.password, context })).resolves.toMatchObject({
      status: "second-factor-required",
      methods: { totp: false, webauthn: true, sms: [], recoveryCode: true },
    });
    await expect(authenticate(tenant, user.id, key)).resolves.toMatchObject({ factorId: registered.factorId });
  });

  it("verifies assertions from it, and the counter goes up each time", async () => {
    const { tenant, user } = await tenantWithUser();
    const key = securityKey();
    const { response, registered } = await register(tenant, user.id, key, "security-key");

    const options = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    expect(options.rpId).toBe(rpID);
    expect(options.userVerification).toBe("preferred");
    expect(options.allowCredentials).toEqual([{ id: response.id, type: "public-key", transports: ["usb", "nfc"] }]);
    const assertion = key.authenticate(options);
    await expect(verifyWebAuthnAuthentication({ db, tenant, userId: user.id, response: assertion, context, origin })).resolves.toEqual({
      factorId: registered.factorId,
      userId: user.id,
      isPasskey: false,
      userVerified: true,
    });
    const afterFirst = await db.factor.findUniqueOrThrow({ where: { id: registered.factorId } });
    expect(afterFirst.signCount).toBe(1n);
    expect(afterFirst.lastUsedAt).toBeInstanceOf(Date);

    await authenticate(tenant, user.id, key);
    await authenticate(tenant, user.id, key);
    expect((await db.factor.findUniqueOrThrow({ where: { id: registered.factorId } })).signCount).toBe(3n);
    expect((await auditTypes(tenant.id, user.id)).filter((type) => type === "factor.used")).toHaveLength(3);
  });

  it("accepts a key without a PIN as a second factor, and says the user was not verified", async () => {
    const { tenant, user } = await tenantWithUser();
    const key = securityKey({ canVerifyUser: false });
    await register(tenant, user.id, key, "security-key");
    await expect(authenticate(tenant, user.id, key)).resolves.toMatchObject({ isPasskey: false, userVerified: false });
  });

  it("excludes the user's existing keys from a new registration; a key added once 2FA is on is active at once, with its own notice", async () => {
    const { tenant, user } = await tenantWithUser();
    const first = await register(tenant, user.id, securityKey(), "security-key");
    const second = await register(tenant, user.id, securityKey(), "security-key", {}, { name: "Spare key" });
    expect(second.options.excludeCredentials).toEqual([{ id: first.response.id, type: "public-key", transports: ["usb", "nfc"] }]);
    expect(first.registered.status).toBe("awaiting-recovery-codes");
    expect(second.registered.status).toBe("active");
    expect((await db.factor.findUniqueOrThrow({ where: { id: second.registered.factorId } })).activatedAt).toBeInstanceOf(Date);
    const types = await auditTypes(tenant.id, user.id);
    expect(types.filter((type) => type === "factor.added")).toHaveLength(2);
    expect(types.filter((type) => type === "account.two_factor_enabled")).toHaveLength(1);
    expect(types.filter((type) => type === "recovery_codes.generated")).toHaveLength(1);
    const [latest, ...earlier] = await findMessagesTo(tenant.id, user.email);
    expect(earlier).toHaveLength(1);
    expect(latest?.subject).toBe(`A security key was added to your ${tenant.name} account`);
    expect(latest?.text).toContain('A security key ("Spare key") was added to your account. It can now be used for two-step verification.');
    expect(latest?.text).toContain(context.ip);
    // A key added by someone else is a takeover in progress: the notice carries the way back (S27).
    expect(latest?.text).toMatch(/This wasn't me: \S+\/not-me#token=[\w-]{20,}/);
  });
});

describe("a passkey", () => {
  it("asks for a discoverable, user-verifying credential", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startWebAuthnRegistration({ db, tenant, userId: user.id, kind: "passkey", origin });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", requireResidentKey: true, userVerification: "required" });
  });

  it("signs in with no user named beforehand, verifying the user", async () => {
    const { tenant, user } = await tenantWithUser();
    const provider = passkeyProvider();
    const { registered } = await register(tenant, user.id, provider, "passkey");
    expect(registered).toMatchObject({ name: "Passkey", isPasskey: true });
    expect(await db.factor.findUniqueOrThrow({ where: { id: registered.factorId } })).toMatchObject({ isPasskey: true, isBackedUp: true, transports: ["internal", "hybrid"] });

    const options = await startWebAuthnAuthentication({ db, tenant, userId: null, origin });
    expect(options.allowCredentials).toEqual([]);
    expect(options.userVerification).toBe("required");
    expect(await db.webAuthnChallenge.findUniqueOrThrow({ where: { challenge: options.challenge } })).toMatchObject({ userId: null, ceremony: "authenticate" });
    const assertion = provider.authenticate(options);
    await expect(verifyWebAuthnAuthentication({ db, tenant, userId: null, response: assertion, context, origin })).resolves.toEqual({
      factorId: registered.factorId,
      userId: user.id,
      isPasskey: true,
      userVerified: true,
    });
  });

  it("keeps working when the authenticator has no counter (both values stay 0)", async () => {
    const { tenant, user } = await tenantWithUser();
    const provider = passkeyProvider();
    const { registered } = await register(tenant, user.id, provider, "passkey");
    for (let attempt = 0; attempt < 3; attempt += 1) await authenticate(tenant, null, provider);
    expect((await db.factor.findUniqueOrThrow({ where: { id: registered.factorId } })).signCount).toBe(0n);
  });

  it("also works as a second factor for its user", async () => {
    const { tenant, user } = await tenantWithUser();
    const provider = passkeyProvider();
    await register(tenant, user.id, provider, "passkey");
    await expect(authenticate(tenant, user.id, provider)).resolves.toMatchObject({ userId: user.id, isPasskey: true, userVerified: true });
  });

  it("is a passkey when the caller says so, even if the browser did not report credProps", async () => {
    const { tenant, user } = await tenantWithUser();
    const { registered } = await register(tenant, user.id, passkeyProvider(), "passkey", { reportedDiscoverable: null }, { passKind: true });
    expect(registered.isPasskey).toBe(true);
  });

  it("says 'passkey' in the notices: turning 2FA on with the first, and adding another", async () => {
    const { tenant, user } = await tenantWithUser();
    await register(tenant, user.id, passkeyProvider(), "passkey");
    const [turnedOn] = await findMessagesTo(tenant.id, user.email);
    expect(turnedOn?.subject).toBe(`Security change on your ${tenant.name} account: Two-step verification was turned on with a passkey (“Passkey”), and recovery codes were saved`);
    await register(tenant, user.id, passkeyProvider(), "passkey");
    const [added] = await findMessagesTo(tenant.id, user.email);
    expect(added?.subject).toBe(`A passkey was added to your ${tenant.name} account`);
  });
});

describe("names", () => {
  it("defaults to the authenticator model's name when its AAGUID is known", async () => {
    const { tenant, user } = await tenantWithUser();
    const { registered } = await register(tenant, user.id, securityKey({ aaguid: yubiKey5Aaguid }), "security-key");
    expect(registered.name).toBe("YubiKey 5 Series");
    expect((await db.factor.findUniqueOrThrow({ where: { id: registered.factorId } })).aaguid).toBe(yubiKey5Aaguid);
  });

  it("takes the person's own name, trimmed", async () => {
    const { tenant, user } = await tenantWithUser();
    const { registered } = await register(tenant, user.id, securityKey({ aaguid: yubiKey5Aaguid }), "security-key", {}, { name: "  Blue key  " });
    expect(registered.name).toBe("Blue key");
  });

  it("refuses an over-long name without using up the challenge", async () => {
    const { tenant, user } = await tenantWithUser();
    const key = securityKey();
    const options = await startWebAuthnRegistration({ db, tenant, userId: user.id, kind: "security-key", origin });
    const response = key.register(options);
    await expectAppError(finishWebAuthnRegistration({ db, tenant, userId: user.id, response, name: "k".repeat(61), context, origin }), "BAD_REQUEST");
    await expect(finishWebAuthnRegistration({ db, tenant, userId: user.id, response, name: "Work key", context, origin })).resolves.toMatchObject({ name: "Work key" });
  });
});

describe("relying party and policy", () => {
  it("takes the RP ID and origin from APP_ORIGIN unless told otherwise", async () => {
    const tenant = await createTestTenant();
    const configured = new URL(env().APP_ORIGIN);
    expect(getWebAuthnRelyingParty({ tenant })).toEqual({ rpID: configured.hostname, rpName: tenant.name, expectedOrigins: [configured.origin] });
    expect(getWebAuthnRelyingParty({ tenant, origin: "https://login.example.com:8443/ignored/path" })).toEqual({
      rpID: "login.example.com",
      rpName: tenant.name,
      expectedOrigins: ["https://login.example.com:8443"],
    });
  });

  it("runs a whole ceremony on the configured origin", async () => {
    const { tenant, user } = await tenantWithUser();
    const key = new SoftwareAuthenticator(new URL(env().APP_ORIGIN).origin);
    const options = await startWebAuthnRegistration({ db, tenant, userId: user.id, kind: "security-key" });
    await finishWebAuthnRegistration({ db, tenant, userId: user.id, response: key.register(options), context });
    await saveRecoveryCodes(tenant, user.id);
    const request = await startWebAuthnAuthentication({ db, tenant, userId: user.id });
    await expect(verifyWebAuthnAuthentication({ db, tenant, userId: user.id, response: key.authenticate(request), context })).resolves.toMatchObject({ userId: user.id });
  });

  it("refuses to enrol when the organisation does not allow WebAuthn", async () => {
    const { tenant, user } = await tenantWithUser({ factors: { allowed: ["totp"] } });
    await expectAppError(startWebAuthnRegistration({ db, tenant, userId: user.id, kind: "passkey", origin }), "FORBIDDEN");
  });

  it("refuses to start an enrolment for a user of another organisation", async () => {
    const { tenant } = await tenantWithUser();
    const other = await tenantWithUser();
    await expectAppError(startWebAuthnRegistration({ db, tenant, userId: other.user.id, kind: "security-key", origin }), "UNAUTHENTICATED");
  });

  it("has nothing to offer a user without keys, rather than letting any passkey answer", async () => {
    const { tenant, user } = await tenantWithUser();
    await expectAppError(startWebAuthnAuthentication({ db, tenant, userId: user.id, origin }), "NOT_FOUND");
  });
});

describe("what is stored", () => {
  it("keeps only the public key: no private key material anywhere in the factor row", async () => {
    const { tenant, user } = await tenantWithUser();
    const key = securityKey();
    const { registered } = await register(tenant, user.id, key, "security-key");
    const credential = key.credentials[0]!;
    const privateJwk = credential.privateKey.export({ format: "jwk" });
    const privateScalar = Buffer.from(privateJwk.d ?? "", "base64url");
    expect(privateScalar).toHaveLength(32);
    const pkcs8 = credential.privateKey.export({ format: "der", type: "pkcs8" });

    const rows = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM factor WHERE id = ${registered.factorId}`;
    const row = rows[0]!;
    const dump = JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value));
    for (const encoding of ["hex", "base64", "base64url"] as const) {
      expect(dump).not.toContain(privateScalar.toString(encoding));
    }
    expect(dump).not.toContain(pkcs8.toString("hex"));
    // The stored key is exactly the COSE public key (kty, alg, crv, x, y) and nothing more.
    expect(Buffer.from(row.credentialPublicKey as Uint8Array)).toEqual(coseEs256PublicKey(credential.publicKey));
  });

  it("issues challenges of at least 16 random bytes, never the same twice", async () => {
    const { tenant, user } = await tenantWithUser();
    await register(tenant, user.id, securityKey(), "security-key");
    const challenges: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      challenges.push((await startWebAuthnRegistration({ db, tenant, userId: user.id, kind: "security-key", origin })).challenge);
      challenges.push((await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin })).challenge);
      challenges.push((await startWebAuthnAuthentication({ db, tenant, userId: null, origin })).challenge);
    }
    for (const challenge of challenges) expect(Buffer.from(challenge, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(new Set(challenges).size).toBe(challenges.length);
    // A crude randomness check: 60 x 32 bytes should use nearly every byte value.
    const bytes = Buffer.concat(challenges.map((challenge) => Buffer.from(challenge, "base64url")));
    expect(new Set(bytes).size).toBeGreaterThan(240);
  });
});
