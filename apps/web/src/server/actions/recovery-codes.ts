"use server";

import type { ActionResult } from "@/lib/form-state";
import { runAction } from "./action-result";

// Recovery codes (S21): the only responses that carry codes are the ones that create a set, and
// they go straight to the page that shows them, never into a URL or a server-rendered page. The
// only code that travels back to the server is the one typed to confirm a new set.


/** A new set as shown once: formatted codes, and the .txt download the api wrote for it. */
export type IssuedRecoveryCodes = {
  setId: string;
  style: "set" | "key";
  codes: string[];
  file: { name: string; text: string };
};

/** Turning two-step verification on: a pending set for the factor that waits (again on every visit). */
export async function startRecoveryCodesSetupAction(tenant: string): Promise<ActionResult<IssuedRecoveryCodes>> {
  return runAction(tenant, (caller) => caller.recoveryCodes.startSetup());
}

/** One code typed back proves the set was saved; the waiting factor turns on. Uses no code. */
export async function finishRecoveryCodesSetupAction(tenant: string, setId: string, code: string): Promise<ActionResult<{ factorIds: string[] }>> {
  return runAction(tenant, (caller) => caller.recoveryCodes.finishSetup({ setId, code }));
}

/** "Generate new codes": needs a fresh step-up (STEP_UP_REQUIRED otherwise); the old set dies. */
export async function regenerateRecoveryCodesAction(tenant: string): Promise<ActionResult<IssuedRecoveryCodes>> {
  return runAction(tenant, (caller) => caller.recoveryCodes.regenerate());
}
