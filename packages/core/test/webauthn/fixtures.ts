import { expect } from "vitest";
import type { RequestContext } from "../../src/audit/request-context";
import { getDb } from "../../src/db/client";
import { AppError, type AppErrorCode } from "../../src/errors/app-error";
import { finishWebAuthnRegistration } from "../../src/factors/webauthn/finish-webauthn-registration";
import { startWebAuthnAuthentication } from "../../src/factors/webauthn/start-webauthn-authentication";
import { startWebAuthnRegistration, type WebAuthnCredentialKind } from "../../src/factors/webauthn/start-webauthn-registration";
import { verifyWebAuthnAuthentication } from "../../src/factors/webauthn/verify-webauthn-authentication";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";
import {
  createTestTenant,
  createTestUser,
  saveRecoveryCodes,
  SoftwareAuthenticator,
  type CeremonyOverrides,
  type SoftwareAuthenticatorOptions,
  type SoftwareCredential,
} from "../../src/testing";

// The origin the tests' relying party runs on (passed as the `origin` override), so the RP ID is
// "accounts.rekey.test" and not whatever APP_ORIGIN happens to be.
export const origin = "https://accounts.rekey.test";
export const rpID = "accounts.rekey.test";

export const db = getDb();

export const context: RequestContext = { ip: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0" };

/** A fresh tenant with one verified user: every test has its own. */
export async function tenantWithUser(policy?: Parameters<typeof createTestTenant>[0]) {
  const tenant = await createTestTenant(policy);
  const user = await createTestUser(tenant.id);
  return { tenant, user };
}

export function securityKey(options: SoftwareAuthenticatorOptions = {}) {
  return new SoftwareAuthenticator(origin, { transports: ["usb", "nfc"], ...options });
}

export function passkeyProvider(options: SoftwareAuthenticatorOptions = {}) {
  // Synced passkeys (iCloud Keychain, Google Password Manager) keep no counter.
  return new SoftwareAuthenticator(origin, { counterStep: 0, isSynced: true, transports: ["internal", "hybrid"], ...options });
}

/**
 * Runs a whole registration through the real core functions. The account's first credential waits
 * for its recovery codes (S21): they are saved too, so it works when this returns, unless
 * `leaveWaiting` asks to see it waiting. `registered` is what the registration itself answered.
 */
export async function register(
  tenant: Tenant,
  userId: string,
  authenticator: SoftwareAuthenticator,
  kind: WebAuthnCredentialKind,
  overrides: CeremonyOverrides & { reuse?: SoftwareCredential } = {},
  extra: { name?: string; passKind?: boolean; leaveWaiting?: boolean } = {},
) {
  const options = await startWebAuthnRegistration({ db, tenant, userId, kind, origin });
  const response = authenticator.register(options, overrides);
  const registered = await finishWebAuthnRegistration({
    db,
    tenant,
    userId,
    response,
    context,
    origin,
    ...(extra.name === undefined ? {} : { name: extra.name }),
    ...(extra.passKind ? { kind } : {}),
  });
  if (registered.status === "awaiting-recovery-codes" && !extra.leaveWaiting) await saveRecoveryCodes(tenant, userId);
  return { options, response, registered };
}

/** Runs a whole authentication (a second factor for `userId`, or a passkey sign-in with null). */
export async function authenticate(
  tenant: Tenant,
  userId: string | null,
  authenticator: SoftwareAuthenticator,
  overrides: CeremonyOverrides & { credential?: SoftwareCredential } = {},
) {
  const options = await startWebAuthnAuthentication({ db, tenant, userId, origin });
  const response = authenticator.authenticate(options, overrides);
  return verifyWebAuthnAuthentication({ db, tenant, userId, response, context, origin });
}

/** Awaits a promise that must reject with an AppError of `code`, and returns that error. */
export async function expectAppError(promise: Promise<unknown>, code: AppErrorCode): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error instanceof AppError ? error.code : undefined).toBe(code);
  return error as AppError;
}

export async function auditTypes(tenantId: string, userId: string): Promise<string[]> {
  const rows = await db.auditEvent.findMany({ where: { tenantId, userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { type: true } });
  return rows.map((row) => row.type);
}
