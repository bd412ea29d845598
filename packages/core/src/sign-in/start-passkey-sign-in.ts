import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { RequestContext } from "../audit/request-context";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { startWebAuthnAuthentication } from "../factors/webauthn/start-webauthn-authentication";
import { quotas, tryConsumeQuota } from "../rate-limit/quota";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type StartPasskeySignInOptions = { db: Db; tenant: Tenant; context: RequestContext };

/** Options for a passkey sign-in without a password (the button, or browser autofill). */
export async function startPasskeySignIn(options: StartPasskeySignInOptions): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { db, tenant, context } = options;
  if (!tenant.policy.factors.allowed.includes("webauthn")) {
    throw new AppError("FORBIDDEN", "Passkeys are not available for this organisation.");
  }
  // Only where the address is known (see ip-limiter.ts): one shared bucket would let anyone turn
  // off passkey sign-in for everybody.
  if (context.ip && context.ip !== "unknown") {
    const admitted = await tryConsumeQuota({ name: "passkey-options", key: `${tenant.id}:${context.ip}` });
    if (!admitted) throw new AppError("RATE_LIMITED", "Too many sign-in attempts from this network. Try again in a few minutes.", { retryAfterSeconds: quotas["passkey-options"].durationSeconds });
  }
  return startWebAuthnAuthentication({ db, tenant, userId: null });
}
