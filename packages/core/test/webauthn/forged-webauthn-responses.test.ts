import { generateKeyPairSync, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb } from "../../src/db/client";
import { AppError } from "../../src/errors/app-error";
import { finishWebAuthnRegistration } from "../../src/factors/webauthn/finish-webauthn-registration";
import { startWebAuthnAuthentication } from "../../src/factors/webauthn/start-webauthn-authentication";
import { startWebAuthnRegistration, type WebAuthnCredentialKind } from "../../src/factors/webauthn/start-webauthn-registration";
import { verifyWebAuthnAuthentication } from "../../src/factors/webauthn/verify-webauthn-authentication";
import { closeJobQueue } from "../../src/outbox/job-queue";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import {
  authenticatorFlags,
  createTestUser,
  findMessagesTo,
  type CeremonyOverrides,
  type SoftwareAuthenticator,
  type SoftwareCredential,
} from "../../src/testing";
import { auditTypes, authenticate, context, db, expectAppError, origin, passkeyProvider, register, rpID, securityKey, tenantWithUser } from "./fixtures";

// Forged, replayed and cloned WebAuthn responses (S17, S18). Each one is a real response from the
// software authenticator with exactly one thing wrong, so a refusal can only come from the check
// that the test is about. Every refusal is the same INVALID_CREDENTIALS.

afterAll(async () => {
  await closeJobQueue();
  await closeDb();
});

function tally(results: PromiseSettledResult<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key = result.status === "fulfilled" ? "ok" : result.reason instanceof AppError ? result.reason.code : "other";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function webauthnFactorCount(tenantId: string) {
  return db.factor.count({ where: { tenantId, type: "webauthn" } });
}

// ---- Registration ----

async function startRegistration(tenant: Tenant, userId: string, kind: WebAuthnCredentialKind = "security-key") {
  return startWebAuthnRegistration({ db, tenant, userId, kind, origin });
}

function finish(tenant: Tenant, userId: string, response: unknown, kind?: WebAuthnCredentialKind) {
  return finishWebAuthnRegistration({ db, tenant, userId, response, context, origin, ...(kind ? { kind } : {}) });
}

/** A registration with one thing forged: refused, and nothing stored. */
async function expectRegistrationRefused(overrides: CeremonyOverrides, kind: WebAuthnCredentialKind = "security-key", authenticator?: SoftwareAuthenticator) {
  const { tenant, user } = await tenantWithUser();
  const options = await startRegistration(tenant, user.id, kind);
  const response = (authenticator ?? (kind === "passkey" ? passkeyProvider() : securityKey())).register(options, overrides);
  const error = await expectAppError(finish(tenant, user.id, response), "INVALID_CREDENTIALS");
  expect(error.message).not.toContain(options.challenge);
  expect(await webauthnFactorCount(tenant.id)).toBe(0);
  return error;
}

describe("forged registrations", () => {
  it("refuses a response to a challenge the server never issued", async () => {
    await expectRegistrationRefused({ challenge: randomBytes(32).toString("base64url") });
  });

  it("refuses a response made for another origin (a phishing page)", async () => {
    const error = await expectRegistrationRefused({ origin: "https://accounts.rekey.test.evil.example" });
    expect(error.message).not.toContain("evil");
  });

  it("refuses authenticator data scoped to another RP ID", async () => {
    await expectRegistrationRefused({ rpID: "evil.example" });
  });

  it("refuses a response whose client data says it is an assertion", async () => {
    await expectRegistrationRefused({ type: "webauthn.get" });
  });

  it("refuses a credential made without the user present (UP off)", async () => {
    await expectRegistrationRefused({ flags: { up: false } });
  });

  it("refuses a passkey made without verifying the user (UV off)", async () => {
    await expectRegistrationRefused({ flags: { uv: false } }, "passkey");
  });

  it("refuses a passkey made without UV also when the caller names the kind and the browser reports nothing", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startRegistration(tenant, user.id, "passkey");
    const response = passkeyProvider().register(options, { flags: { uv: false }, reportedDiscoverable: null });
    await expectAppError(finish(tenant, user.id, response, "passkey"), "INVALID_CREDENTIALS");
  });

  it("refuses a 'passkey' the browser says is not discoverable", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startRegistration(tenant, user.id, "passkey");
    const response = passkeyProvider().register(options, { reportedDiscoverable: false });
    await expectAppError(finish(tenant, user.id, response, "passkey"), "INVALID_CREDENTIALS");
  });

  it("refuses a response whose id is not the credential inside the authenticator data", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startRegistration(tenant, user.id);
    const response = securityKey().register(options);
    const otherId = randomBytes(32).toString("base64url");
    await expectAppError(finish(tenant, user.id, { ...response, id: otherId, rawId: otherId }), "INVALID_CREDENTIALS");
  });

  it("refuses a replayed registration: the challenge works once", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startRegistration(tenant, user.id);
    const response = securityKey().register(options);
    await finish(tenant, user.id, response);
    await expectAppError(finish(tenant, user.id, response), "INVALID_CREDENTIALS");
    expect(await webauthnFactorCount(tenant.id)).toBe(1);
  });

  it("lets a registration submitted 10 times at once succeed exactly once", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startRegistration(tenant, user.id);
    const response = securityKey().register(options);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => finish(tenant, user.id, response)));
    expect(tally(results)).toEqual({ ok: 1, INVALID_CREDENTIALS: 9 });
    expect(await webauthnFactorCount(tenant.id)).toBe(1);
  });

  it("refuses a registration after its challenge expired", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startRegistration(tenant, user.id);
    await db.webAuthnChallenge.update({ where: { challenge: options.challenge }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await expectAppError(finish(tenant, user.id, securityKey().register(options)), "INVALID_CREDENTIALS");
  });

  it("refuses a registration challenge issued to another user", async () => {
    const { tenant, user } = await tenantWithUser();
    const attacker = await createTestUser(tenant.id);
    const options = await startRegistration(tenant, user.id);
    await expectAppError(finish(tenant, attacker.id, securityKey().register(options)), "INVALID_CREDENTIALS");
  });

  it("refuses an authentication challenge offered as a registration challenge", async () => {
    const { tenant, user } = await tenantWithUser();
    await register(tenant, user.id, securityKey(), "security-key");
    const request = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    const options = await startRegistration(tenant, user.id);
    await expectAppError(finish(tenant, user.id, securityKey().register(options, { challenge: request.challenge })), "INVALID_CREDENTIALS");
  });

  it.each([
    ["nothing", undefined],
    ["an empty object", {}],
    ["a string", "not a credential"],
    ["a credential without an attestation", { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "AAAA" }, clientExtensionResults: {} }],
    ["client data that is not base64url", { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "{not base64}", attestationObject: "AAAA" }, clientExtensionResults: {} }],
  ])("refuses a malformed response (%s) plainly", async (_label, response) => {
    const { tenant, user } = await tenantWithUser();
    await startRegistration(tenant, user.id);
    await expectAppError(finish(tenant, user.id, response), "INVALID_CREDENTIALS");
  });

  it("refuses a garbage attestation object under a valid challenge, and burns the challenge", async () => {
    const { tenant, user } = await tenantWithUser();
    const options = await startRegistration(tenant, user.id);
    const response = securityKey().register(options);
    await expectAppError(finish(tenant, user.id, { ...response, response: { ...response.response, attestationObject: "oWNmbXRkbm9uZQ" } }), "INVALID_CREDENTIALS");
    await expectAppError(finish(tenant, user.id, response), "INVALID_CREDENTIALS");
  });
});

describe("registering a credential id that is already registered (S18)", () => {
  it("refuses the same credential for another user of the same organisation", async () => {
    const { tenant, user } = await tenantWithUser();
    const other = await createTestUser(tenant.id);
    const key = securityKey();
    await register(tenant, user.id, key, "security-key");
    const options = await startRegistration(tenant, other.id);
    await expectAppError(finish(tenant, other.id, key.register(options, { reuse: key.credentials[0] })), "CONFLICT");
  });

  it("refuses the same credential in another organisation", async () => {
    const first = await tenantWithUser();
    const second = await tenantWithUser();
    const key = securityKey();
    await register(first.tenant, first.user.id, key, "security-key");
    const options = await startRegistration(second.tenant, second.user.id);
    await expectAppError(finish(second.tenant, second.user.id, key.register(options, { reuse: key.credentials[0] })), "CONFLICT");
    expect(await webauthnFactorCount(second.tenant.id)).toBe(0);
  });

  it("refuses the same credential twice for the same user", async () => {
    const { tenant, user } = await tenantWithUser();
    const key = securityKey();
    await register(tenant, user.id, key, "security-key");
    const options = await startRegistration(tenant, user.id);
    await expectAppError(finish(tenant, user.id, key.register(options, { reuse: key.credentials[0] })), "CONFLICT");
  });

  it("registers one credential racing into several organisations at once exactly once", async () => {
    const parties = await Promise.all(Array.from({ length: 5 }, () => tenantWithUser()));
    const key = securityKey();
    const responses = [];
    let credential: SoftwareCredential | undefined;
    for (const party of parties) {
      const options = await startRegistration(party.tenant, party.user.id);
      const response = key.register(options, credential ? { reuse: credential } : {});
      credential ??= key.credentials[0];
      responses.push({ party, response });
    }
    const results = await Promise.allSettled(responses.map(({ party, response }) => finish(party.tenant, party.user.id, response)));
    expect(tally(results)).toEqual({ ok: 1, CONFLICT: 4 });
    expect(await db.factor.count({ where: { credentialId: responses[0]!.response.id } })).toBe(1);
  });
});

// ---- Authentication ----

async function enrolled(kind: WebAuthnCredentialKind = "security-key") {
  const { tenant, user } = await tenantWithUser();
  const authenticator = kind === "passkey" ? passkeyProvider() : securityKey();
  const { registered } = await register(tenant, user.id, authenticator, kind);
  return { tenant, user, authenticator, factorId: registered.factorId };
}

function verify(tenant: Tenant, userId: string | null, response: unknown) {
  return verifyWebAuthnAuthentication({ db, tenant, userId, response, context, origin });
}

async function expectAuthenticationRefused(overrides: CeremonyOverrides, kind: WebAuthnCredentialKind = "security-key", asUser = true) {
  const { tenant, user, authenticator, factorId } = await enrolled(kind);
  const userId = asUser ? user.id : null;
  const options = await startWebAuthnAuthentication({ db, tenant, userId, origin });
  const response = authenticator.authenticate(options, overrides);
  const error = await expectAppError(verify(tenant, userId, response), "INVALID_CREDENTIALS");
  expect(error.message).not.toContain(options.challenge);
  const factor = await db.factor.findUniqueOrThrow({ where: { id: factorId } });
  expect(factor.signCount).toBe(0n);
  expect(factor.lastUsedAt).toBeNull();
  return { tenant, user, error };
}

describe("forged assertions", () => {
  it("refuses an assertion over a challenge the server never issued", async () => {
    await expectAuthenticationRefused({ challenge: randomBytes(32).toString("base64url") });
  });

  it("refuses an assertion made for another origin (a phishing page)", async () => {
    await expectAuthenticationRefused({ origin: "https://rekey-login.example" });
  });

  it("refuses authenticator data scoped to another RP ID", async () => {
    await expectAuthenticationRefused({ rpID: `login.${rpID}.evil.example` });
  });

  it("refuses client data that says it is a registration", async () => {
    await expectAuthenticationRefused({ type: "webauthn.create" });
  });

  it("refuses an assertion made without the user present (UP off)", async () => {
    await expectAuthenticationRefused({ flags: { up: false } });
  });

  it("refuses a passkey sign-in without user verification (UV off)", async () => {
    await expectAuthenticationRefused({ flags: { uv: false } }, "passkey", false);
  });

  it("refuses a corrupted signature", async () => {
    await expectAuthenticationRefused({ corruptSignature: true });
  });

  it("refuses a signature by another key", async () => {
    await expectAuthenticationRefused({ signWith: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey });
  });

  it("refuses authenticator data changed after signing (UV switched on by a proxy)", async () => {
    await expectAuthenticationRefused(
      {
        flags: { uv: false },
        tamperAfterSigning: (data) => {
          const forged = Buffer.from(data);
          forged[32] = (forged[32] ?? 0) | authenticatorFlags.uv;
          return forged;
        },
      },
      "passkey",
      false,
    );
  });

  it("refuses a replayed assertion: the challenge works once", async () => {
    const { tenant, user, authenticator } = await enrolled();
    const options = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    const response = authenticator.authenticate(options);
    await verify(tenant, user.id, response);
    await expectAppError(verify(tenant, user.id, response), "INVALID_CREDENTIALS");
  });

  it("lets an assertion submitted 20 times at once succeed exactly once", async () => {
    const { tenant, user, authenticator, factorId } = await enrolled();
    const options = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    const response = authenticator.authenticate(options);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => verify(tenant, user.id, response)));
    expect(tally(results)).toEqual({ ok: 1, INVALID_CREDENTIALS: 19 });
    expect((await db.factor.findUniqueOrThrow({ where: { id: factorId } })).signCount).toBe(1n);
  });

  it("refuses an assertion after its challenge expired", async () => {
    const { tenant, user, authenticator } = await enrolled();
    const options = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    await db.webAuthnChallenge.update({ where: { challenge: options.challenge }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await expectAppError(verify(tenant, user.id, authenticator.authenticate(options)), "INVALID_CREDENTIALS");
  });

  it("refuses a registration challenge offered as an authentication challenge", async () => {
    const { tenant, user, authenticator } = await enrolled();
    const registration = await startRegistration(tenant, user.id);
    const options = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    await expectAppError(verify(tenant, user.id, authenticator.authenticate(options, { challenge: registration.challenge })), "INVALID_CREDENTIALS");
  });

  it("refuses a challenge issued for a passkey sign-in when answering as a known user, and the reverse", async () => {
    const { tenant, user, authenticator } = await enrolled("passkey");
    const anonymous = await startWebAuthnAuthentication({ db, tenant, userId: null, origin });
    await expectAppError(verify(tenant, user.id, authenticator.authenticate(anonymous)), "INVALID_CREDENTIALS");
    const known = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    await expectAppError(verify(tenant, null, authenticator.authenticate(known)), "INVALID_CREDENTIALS");
  });

  it.each([
    ["nothing", undefined],
    ["an empty object", {}],
    ["a credential without a signature", { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "AAAA", authenticatorData: "AAAA" }, clientExtensionResults: {} }],
    ["a credential id that is not base64url", { id: "a/b+c", rawId: "a/b+c", type: "public-key", response: { clientDataJSON: "AAAA", authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} }],
  ])("refuses a malformed assertion (%s) plainly", async (_label, response) => {
    const { tenant, user } = await enrolled();
    await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    await expectAppError(verify(tenant, user.id, response), "INVALID_CREDENTIALS");
  });
});

describe("using a credential that is not yours", () => {
  it("refuses another user's key answering my challenge", async () => {
    const { tenant, user: victim } = await tenantWithUser();
    const attacker = await createTestUser(tenant.id);
    const attackerKey = securityKey();
    await register(tenant, attacker.id, attackerKey, "security-key");
    await register(tenant, victim.id, securityKey(), "security-key");
    const options = await startWebAuthnAuthentication({ db, tenant, userId: victim.id, origin });
    const response = attackerKey.authenticate(options, { credential: attackerKey.credentials[0] });
    await expectAppError(verify(tenant, victim.id, response), "INVALID_CREDENTIALS");
  });

  it("refuses a credential registered in another organisation", async () => {
    const home = await enrolled("passkey");
    const elsewhere = await tenantWithUser();
    await register(elsewhere.tenant, elsewhere.user.id, securityKey(), "security-key");
    const options = await startWebAuthnAuthentication({ db, tenant: elsewhere.tenant, userId: null, origin });
    await expectAppError(verify(elsewhere.tenant, null, home.authenticator.authenticate(options)), "INVALID_CREDENTIALS");
  });

  it("refuses a passkey sign-in whose user handle names someone else", async () => {
    const { tenant, authenticator } = await enrolled("passkey");
    const other = await createTestUser(tenant.id);
    const options = await startWebAuthnAuthentication({ db, tenant, userId: null, origin });
    const response = authenticator.authenticate(options, { userHandle: Buffer.from(other.id).toString("base64url") });
    await expectAppError(verify(tenant, null, response), "INVALID_CREDENTIALS");
  });

  it("refuses a passkey sign-in without a user handle", async () => {
    const { tenant, authenticator } = await enrolled("passkey");
    const options = await startWebAuthnAuthentication({ db, tenant, userId: null, origin });
    await expectAppError(verify(tenant, null, authenticator.authenticate(options, { userHandle: null })), "INVALID_CREDENTIALS");
  });

  it("refuses a key enrolled as a second factor as a password-less sign-in", async () => {
    const { tenant, authenticator } = await enrolled("security-key");
    const options = await startWebAuthnAuthentication({ db, tenant, userId: null, origin });
    const credential = authenticator.credentials[0]!;
    const response = authenticator.authenticate(options, { credential, userHandle: credential.userHandle });
    await expectAppError(verify(tenant, null, response), "INVALID_CREDENTIALS");
  });
});

describe("a cloned key: the signature counter (S18)", () => {
  async function usedTwice() {
    const setup = await enrolled();
    await authenticate(setup.tenant, setup.user.id, setup.authenticator);
    await authenticate(setup.tenant, setup.user.id, setup.authenticator);
    expect((await db.factor.findUniqueOrThrow({ where: { id: setup.factorId } })).signCount).toBe(2n);
    return setup;
  }

  it.each([
    ["lower", 1],
    ["equal", 2],
    ["zero", 0],
  ])("refuses a validly signed assertion whose counter is %s, records it and warns the user", async (_label, counter) => {
    const { tenant, user, authenticator, factorId } = await usedTwice();
    await expectAppError(authenticate(tenant, user.id, authenticator, { counter }), "INVALID_CREDENTIALS");

    const factor = await db.factor.findUniqueOrThrow({ where: { id: factorId } });
    expect(factor.signCount).toBe(2n);
    const events = await db.auditEvent.findMany({ where: { tenantId: tenant.id, userId: user.id, type: "factor.webauthn_counter_regressed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ip: context.ip, data: { factorId, storedCounter: "2", receivedCounter: counter } });
    const [warning] = await findMessagesTo(tenant.id, user.email);
    expect(warning?.subject).toBe(`A sign-in with your security key was refused on your ${tenant.name} account`);
    expect(warning?.text).toContain("Security key");

    // The real key, whose counter kept going, still works.
    await expect(authenticate(tenant, user.id, authenticator)).resolves.toMatchObject({ factorId });
  });

  it("does not raise a clone alarm for a forged assertion with a low counter (bad signature)", async () => {
    const { tenant, user, authenticator } = await usedTwice();
    await expectAppError(authenticate(tenant, user.id, authenticator, { counter: 1, corruptSignature: true }), "INVALID_CREDENTIALS");
    expect(await auditTypes(tenant.id, user.id)).not.toContain("factor.webauthn_counter_regressed");
  });

  it("accepts only one of two validly signed assertions racing with the same counter", async () => {
    const { tenant, user, authenticator, factorId } = await usedTwice();
    const first = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    const second = await startWebAuthnAuthentication({ db, tenant, userId: user.id, origin });
    const results = await Promise.allSettled([
      verify(tenant, user.id, authenticator.authenticate(first, { counter: 3 })),
      verify(tenant, user.id, authenticator.authenticate(second, { counter: 3 })),
    ]);
    expect(tally(results)).toEqual({ ok: 1, INVALID_CREDENTIALS: 1 });
    expect((await db.factor.findUniqueOrThrow({ where: { id: factorId } })).signCount).toBe(3n);
    expect((await auditTypes(tenant.id, user.id)).filter((type) => type === "factor.webauthn_counter_regressed")).toHaveLength(1);
  });

  it("refuses a counter that appears on a passkey that never had one", async () => {
    // 0 stored, 0 received is exempt; 0 stored and then a positive one is fine; back to 0 is not.
    const { tenant, user, authenticator } = await enrolled("passkey");
    await expect(authenticate(tenant, null, authenticator, { counter: 5 })).resolves.toMatchObject({ userId: user.id });
    await expectAppError(authenticate(tenant, null, authenticator, { counter: 0 }), "INVALID_CREDENTIALS");
  });
});
