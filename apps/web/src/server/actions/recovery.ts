"use server";

import { cookies } from "next/headers";
import type { ActionResult } from "@/lib/form-state";
import type { Caller } from "../caller";
import { flowCookieOptions, RECOVERY_COOKIE_MAX_AGE_SECONDS, recoveryCookieName } from "../flow-cookies";
import { runAction } from "./action-result";

// The locked-out person's side of "ask my trusted contacts". The attempt's token lives in an
// HttpOnly cookie (flow-cookies.ts), so the pages and these actions never see it; finishing goes
// through the "contact-recovery" next-auth provider, which sets the session cookie.

/** Where the attempt stands, as the api answers it. */
export type RecoveryView = Awaited<ReturnType<Caller["recovery"]["status"]>>;

/** The same answer whether or not the account exists or has contacts (S5). */
export async function startContactRecoveryAction(tenant: string, email: string): Promise<ActionResult<{ threshold: number }>> {
  return runAction(tenant, async (caller) => {
    const started = await caller.recovery.startWithContacts({ email });
    await keepRecoveryCookie(tenant, started.recoveryToken, started.expiresAt);
    return { threshold: started.threshold };
  });
}

export async function submitRelayCodeAction(tenant: string, code: string): Promise<ActionResult<RecoveryView>> {
  return runAction(
    tenant,
    async (caller) => {
      const view = await caller.recovery.submitCode({ code });
      // Each code gives the attempt another day; the cookie follows it.
      const token = (await cookies()).get(recoveryCookieName(tenant))?.value;
      if (token) await keepRecoveryCookie(tenant, token, view.expiresAt);
      return view;
    },
    { refreshPage: true },
  );
}

/** The cookie lives as long as its attempt: on a shared computer it is no use to the next person after. */
async function keepRecoveryCookie(tenant: string, token: string, expiresAt: Date) {
  const seconds = Math.ceil((expiresAt.getTime() - Date.now()) / 1000);
  const maxAge = Math.max(60, Math.min(RECOVERY_COOKIE_MAX_AGE_SECONDS, seconds));
  (await cookies()).set(recoveryCookieName(tenant), token, flowCookieOptions(maxAge));
}

/** The one-click cancel of a recovery notice (its token comes from the link's fragment). */
export async function cancelRecoveryAction(tenant: string, token: string): Promise<ActionResult<Awaited<ReturnType<Caller["recovery"]["cancel"]>>>> {
  return runAction(tenant, (caller) => caller.recovery.cancel({ token }));
}

/** "Start over", or a recovery that ended: this browser forgets it (the attempt itself runs out on its own). */
export async function forgetRecoveryAction(tenant: string): Promise<ActionResult<null>> {
  const { maxAge: _maxAge, ...options } = flowCookieOptions(0);
  (await cookies()).delete({ name: recoveryCookieName(tenant), ...options });
  return { ok: true, value: null };
}
