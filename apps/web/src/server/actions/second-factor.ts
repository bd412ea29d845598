"use server";

import type { ActionResult } from "@/lib/form-state";
import { runAction } from "./action-result";

// Called from script by the two-step verification, "confirm it's you" and sign-in pages. They only
// fetch options or send codes; every proof itself goes through a next-auth provider
// (auth-options.ts), which is what sets the session cookie.


export type SmsSent = { maskedPhone: string; resendAfterSeconds: number };

/** A sign-in challenge's code by SMS (the challenge cookie names the sign-in). */
export async function sendChallengeSmsAction(tenant: string, factorId: string): Promise<ActionResult<SmsSent>> {
  return runAction(tenant, (caller) => caller.challenge.sendSms({ factorId }));
}

export async function challengeWebAuthnOptionsAction(tenant: string): Promise<ActionResult<Record<string, unknown>>> {
  return runAction(tenant, (caller) => caller.challenge.webAuthnOptions());
}

/** Options for a passkey sign-in without a password (the button, or browser autofill). */
export async function passkeyOptionsAction(tenant: string): Promise<ActionResult<Record<string, unknown>>> {
  return runAction(tenant, (caller) => caller.passkey.options());
}

export async function sendStepUpSmsAction(tenant: string, factorId: string): Promise<ActionResult<SmsSent>> {
  return runAction(tenant, (caller) => caller.auth.sendStepUpSms({ factorId }));
}

export async function stepUpWebAuthnOptionsAction(tenant: string): Promise<ActionResult<Record<string, unknown>>> {
  return runAction(tenant, (caller) => caller.auth.stepUpWebAuthnOptions());
}
