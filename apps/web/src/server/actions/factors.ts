"use server";

import { refresh } from "next/cache";
import type { ActionResult } from "@/lib/form-state";
import { type Caller, getCaller } from "../caller";
import { toFormError } from "../errors";

// The security page's changes. Most need a recent sign-in or step-up (S12): the api answers
// STEP_UP_REQUIRED and the page sends the person to "confirm it's you" and back.

async function run<T>(tenant: string, call: (caller: Caller) => Promise<T>, { refreshPage = false } = {}): Promise<ActionResult<T>> {
  try {
    const value = await call(await getCaller(tenant));
    if (refreshPage) refresh();
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toFormError(error) };
  }
}

export type TotpEnrolment = { factorId: string; secretGroups: string; otpauthUri: string; qrSvg: string };

/**
 * `awaiting-recovery-codes`: the account's first factor, verified but not on until its owner has
 * saved recovery codes (S21) on /recovery-codes/setup. A further factor is `active` at once.
 */
export type FactorActivation = { factorId: string; status: "active" | "awaiting-recovery-codes" };

export async function startTotpAction(tenant: string, name?: string): Promise<ActionResult<TotpEnrolment>> {
  return run(tenant, (caller) => caller.totp.start(name ? { name } : undefined));
}

export async function activateTotpAction(tenant: string, factorId: string, code: string): Promise<ActionResult<FactorActivation>> {
  return run(tenant, (caller) => caller.totp.activate({ factorId, code }), { refreshPage: true });
}

export async function addPhoneAction(tenant: string, phone: string): Promise<ActionResult<{ factorId: string; maskedPhone: string }>> {
  return run(tenant, (caller) => caller.sms.addPhone({ phone }));
}

export async function activatePhoneAction(tenant: string, factorId: string, code: string): Promise<ActionResult<FactorActivation>> {
  return run(tenant, (caller) => caller.sms.activate({ factorId, code }), { refreshPage: true });
}

export async function resendPhoneCodeAction(tenant: string, factorId: string): Promise<ActionResult<{ maskedPhone: string; resendAfterSeconds: number }>> {
  return run(tenant, (caller) => caller.sms.resendCode({ factorId }));
}

export type WebAuthnKind = "security-key" | "passkey";

export async function webAuthnRegistrationOptionsAction(tenant: string, kind: WebAuthnKind): Promise<ActionResult<Record<string, unknown>>> {
  return run(tenant, (caller) => caller.webauthn.registrationOptions({ kind }));
}

export async function registerWebAuthnAction(
  tenant: string,
  kind: WebAuthnKind,
  response: Record<string, unknown>,
  name?: string,
): Promise<ActionResult<FactorActivation & { name: string; isPasskey: boolean }>> {
  return run(tenant, (caller) => caller.webauthn.register({ kind, response, ...(name ? { name } : {}) }), { refreshPage: true });
}

export async function renameFactorAction(tenant: string, factorId: string, name: string): Promise<ActionResult<{ ok: true }>> {
  return run(tenant, (caller) => caller.factors.rename({ factorId, name }), { refreshPage: true });
}

export async function removeFactorAction(
  tenant: string,
  factorId: string,
): Promise<ActionResult<{ twoFactorEnabled: boolean; signedOutOtherSessions: number }>> {
  return run(tenant, (caller) => caller.factors.remove({ factorId }), { refreshPage: true });
}

export async function forgetRememberedDeviceAction(tenant: string, deviceId: string): Promise<ActionResult<{ ok: true }>> {
  return run(tenant, (caller) => caller.devices.forgetRemembered({ deviceId }), { refreshPage: true });
}

export async function reportNotMeAction(tenant: string, token: string): Promise<ActionResult<{ email: string }>> {
  return run(tenant, (caller) => caller.account.reportNotMe({ token }));
}
