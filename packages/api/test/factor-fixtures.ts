import { randomBytes } from "node:crypto";
import { getDb } from "@rekey/core/db";
import { env } from "@rekey/core/env";
import { findMessagesTo, SoftwareAuthenticator, type CeremonyOverrides, type SoftwareAuthenticatorOptions, type SoftwareCredential } from "@rekey/core/testing";
import { appErrorFromTrpc, type AppErrorInfo } from "../src";
import { saveCodesIfWaiting, type callerFor } from "./support";

// Fixtures for the second-factor procedures: software authenticators that answer the options the
// procedures return, and the SMS codes read back from the outbox as the dev mail viewer shows them.

export type Caller = Awaited<ReturnType<typeof callerFor>>;

/** The relying party the procedures use: APP_ORIGIN, as the browser would see the page. */
export const appOrigin = new URL(env().APP_ORIGIN).origin;
export const rpID = new URL(appOrigin).hostname;

export function securityKey(options: SoftwareAuthenticatorOptions = {}) {
  return new SoftwareAuthenticator(appOrigin, { transports: ["usb", "nfc"], ...options });
}

/** A synced passkey (iCloud Keychain, Google Password Manager): backed up, no signature counter. */
export function passkeyProvider(options: SoftwareAuthenticatorOptions = {}) {
  return new SoftwareAuthenticator(appOrigin, { counterStep: 0, isSynced: true, transports: ["internal", "hybrid"], ...options });
}

type CreationOptions = Parameters<SoftwareAuthenticator["register"]>[0];
type RequestOptions = Parameters<SoftwareAuthenticator["authenticate"]>[0];

// The procedures return the options as a JSON record (they go to the browser as they are); these
// read them as what navigator.credentials expects.
export const asCreationOptions = (options: Record<string, unknown>) => options as CreationOptions;
export const asRequestOptions = (options: Record<string, unknown>) => options as RequestOptions;

/** registrationOptions, the authenticator's answer, register: what the security page does. */
export async function registerCredential(
  caller: Caller,
  authenticator: SoftwareAuthenticator,
  kind: "security-key" | "passkey",
  extra: { name?: string; overrides?: CeremonyOverrides & { reuse?: SoftwareCredential } } = {},
) {
  const options = await caller.webauthn.registrationOptions({ kind });
  const response = authenticator.register(asCreationOptions(options), extra.overrides);
  const registered = await caller.webauthn.register({ kind, response, ...(extra.name === undefined ? {} : { name: extra.name }) });
  await saveCodesIfWaiting(caller, registered);
  return { ...registered, credential: authenticator.credentials.at(-1)! };
}

/** A discoverable credential the server never saw (its user handle names nobody here). */
export function unregisteredPasskey(): SoftwareAuthenticator {
  const stranger = passkeyProvider();
  stranger.register({
    challenge: randomBytes(32).toString("base64url"),
    rp: { id: rpID, name: "Elsewhere" },
    user: { id: randomBytes(16).toString("base64url"), name: "stranger@example.test", displayName: "Stranger" },
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  return stranger;
}

/** The methods the caller's own session was signed in (or stepped up) with, as the devices page lists them. */
export async function currentSessionMethods(caller: Caller): Promise<string[]> {
  const devices = await caller.devices.list();
  const current = devices.find((device) => device.isCurrent);
  if (!current) throw new Error("the caller's session is not listed");
  return current.methods;
}

/** Runs `call` and returns the domain error it failed with (code, message, retryAfterSeconds), or null. */
export async function appErrorOf(call: Promise<unknown>): Promise<AppErrorInfo | null> {
  try {
    await call;
    return null;
  } catch (error) {
    const info = appErrorFromTrpc(error);
    if (!info) throw error;
    return info;
  }
}

/** A valid UK mobile number, different for every call. */
export function ukMobile(): string {
  const digits = String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000));
  return `+447400${digits}`;
}

/** The code in the newest text to a number, read from the outbox the way the dev mail viewer reads it. */
export async function latestSmsCode(tenantId: string, phone: string): Promise<string> {
  const [latest] = await findMessagesTo(tenantId, phone);
  const match = latest ? /code is (\d{6})\./.exec(latest.text) : null;
  if (!match?.[1]) throw new Error(`No code texted to ${phone}`);
  return match[1];
}

/** Texts queued to a number in a tenant. */
export async function textsTo(tenantId: string, phone: string): Promise<number> {
  return (await findMessagesTo(tenantId, phone)).length;
}

/** A six-digit code that is certainly not `code`. */
export function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

/** Time passes: the resend cooldown of a phone ends. */
export async function endSmsCooldown(factorId: string) {
  await getDb().$executeRaw`UPDATE one_time_code SET "createdAt" = "createdAt" - interval '31 seconds' WHERE "factorId" = ${factorId}`;
}

/** Time passes: the session signed in longer ago than any tenant's step-up window. */
export async function ageSession(userId: string) {
  await getDb().session.updateMany({ where: { userId, revokedAt: null }, data: { authenticatedAt: new Date(Date.now() - 61 * 60_000) } });
}

/** Adds and verifies a phone through the sms procedures; the resend cooldown is over afterwards. */
export async function enrolPhone(caller: Caller, tenantId: string, phone: string = ukMobile()) {
  const added = await caller.sms.addPhone({ phone });
  await saveCodesIfWaiting(caller, await caller.sms.activate({ factorId: added.factorId, code: await latestSmsCode(tenantId, phone) }));
  await endSmsCooldown(added.factorId);
  return { factorId: added.factorId, phone, maskedPhone: added.maskedPhone };
}
