import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { AppError } from "../errors/app-error";
import { verifyWebAuthnAuthentication } from "../factors/webauthn/verify-webauthn-authentication";
import { withNotifications } from "../notifications/with-notifications";
import { consumeIpAttempt, refundIpAttempt } from "../rate-limit/ip-limiter";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { establishSession, type EstablishedSession } from "./establish-session";

export type SignInWithPasskeyOptions = {
  db: Db;
  tenant: Tenant;
  /** The assertion from navigator.credentials.get (conditional mediation or a button). */
  response: unknown;
  deviceToken: string | null;
  context: RequestContext;
};

/**
 * Sign-in with a passkey and no password. The authenticator verified the user (PIN or
 * biometric) and holds the key, so it counts as two factors.
 */
export async function signInWithPasskey(options: SignInWithPasskeyOptions): Promise<EstablishedSession> {
  const { db, tenant, response, deviceToken, context } = options;
  if (!tenant.policy.factors.allowed.includes("webauthn")) throw new AppError("FORBIDDEN", "Passkeys are not available here.");
  const ipLimit = { tenantId: tenant.id, ip: context.ip, limit: tenant.policy.signIn.maxFailuresPerIp };
  await consumeIpAttempt(ipLimit);
  const verified = await verifyWebAuthnAuthentication({ db, tenant, userId: null, response, context });
  if (!verified.isPasskey || !verified.userVerified) {
    throw new AppError("INVALID_CREDENTIALS", "This key cannot sign you in on its own. Sign in with your password, then use the key.");
  }
  // Only failures count against the address (S6): an office behind one IP signs in all day.
  await refundIpAttempt(ipLimit);
  return withNotifications(db, async (tx, queueEmail) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: verified.userId }, select: { id: true, email: true } });
    return establishSession({ tx, queueEmail, tenant, user, methods: ["passkey"], deviceToken, rememberBrowser: false, context });
  });
}
