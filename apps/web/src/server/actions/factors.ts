"use server";

import type { ActionResult } from "@/lib/form-state";
import { runAction } from "./action-result";

// The security page's changes. Most need a recent sign-in or step-up (S12): the api answers
// STEP_UP_REQUIRED and the page sends the person to "confirm it's you" and back.


export type TotpEnrolment = { factorId: string; secretGroups: string; otpauthUri: string; qrSvg: string };

/**
 * `awaiting-recovery-codes`: the account's first factor, verified but not on until its owner has
 * saved recovery codes (S21) on /recovery-codes/setup. A further factor is `active` at once.
 */
export type FactorActivation = { factorId: string; status: "active" | "awaiting-recovery-codes" };

export async function startTotpAction(tenant: string, name?: string): Promise<ActionResult<TotpEnrolment>> {
  return runAction(tenant, (caller) => caller.totp.start(name ? { name } : undefined));
}

export async function activateTotpAction(tenant: string, factorId: string, code: string): Promise<ActionResult<FactorActivation>> {
  return runAction(tenant, (caller) => caller.totp.activate({ factorId, code }), { refreshPage: true });
}

export async function addPhoneAction(tenant: string, phone: string): Promise<ActionResult<{ factorId: string; maskedPhone: string }>> {
  return runAction(tenant, (caller) => caller.sms.addPhone({ phone }));
}

export async function activatePhoneAction(tenant: string, factorId: string, code: string): Promise<ActionResult<FactorActivation>> {
  return runAction(tenant, (caller) => caller.sms.activate({ factorId, code }), { refreshPage: true });
}

export async function resendPhoneCodeAction(tenant: string, factorId: string): Promise<ActionResult<{ maskedPhone: string; resendAfterSeconds: number }>> {
  return runAction(tenant, (caller) => caller.sms.resendCode({ factorId }));
}

export type WebAuthnKind = "security-key" | "passkey";

export async function webAuthnRegistrationOptionsAction(tenant: string, kind: WebAuthnKind): Promise<ActionResult<Record<string, unknown>>> {
  return runAction(tenant, (caller) => caller.webauthn.registrationOptions({ kind }));
}

export async function registerWebAuthnAction(
  tenant: string,
  kind: WebAuthnKind,
  response: Record<string, unknown>,
  name?: string,
): Promise<ActionResult<FactorActivation & { name: string; isPasskey: boolean }>> {
  return runAction(tenant, (caller) => caller.webauthn.register({ kind, response, ...(name ? { name } : {}) }), { refreshPage: true });
}

export async function renameFactorAction(tenant: string, factorId: string, name: string): Promise<ActionResult<{ ok: true }>> {
  return runAction(tenant, (caller) => caller.factors.rename({ factorId, name }), { refreshPage: true });
}

export async function removeFactorAction(
  tenant: string,
  factorId: string,
): Promise<ActionResult<{ twoFactorEnabled: boolean; signedOutOtherSessions: number }>> {
  return runAction(tenant, (caller) => caller.factors.remove({ factorId }), { refreshPage: true });
}

export async function forgetRememberedDeviceAction(tenant: string, deviceId: string): Promise<ActionResult<{ ok: true }>> {
  return runAction(tenant, (caller) => caller.devices.forgetRemembered({ deviceId }), { refreshPage: true });
}

export async function reportNotMeAction(tenant: string, token: string): Promise<ActionResult<{ email: string }>> {
  return runAction(tenant, (caller) => caller.account.reportNotMe({ token }));
}
