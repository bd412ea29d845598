import { verifyAuthenticationResponse, type VerifiedAuthenticationResponse } from "@simplewebauthn/server";
import type { RequestContext } from "../../audit/request-context";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Db } from "../../db/client";
import { tenantPageUrl } from "../../notifications/links";
import { withNotifications } from "../../notifications/with-notifications";
import { deviceLabel } from "../../sessions/describe-user-agent";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { challengeFromClientData, consumeWebAuthnChallenge, webAuthnRefused } from "./webauthn-challenges";
import { webAuthnCounterRegressedMessage } from "./webauthn-emails";
import { getWebAuthnRelyingParty } from "./webauthn-relying-party";
import { webAuthnAuthenticationResponseSchema } from "./webauthn-response-schemas";
import { webAuthnUserHandle } from "./webauthn-user-handle";

export type VerifyWebAuthnAuthenticationOptions = {
  db: Db;
  tenant: Tenant;
  /** The user the challenge was issued for, or null for a passkey sign-in. */
  userId: string | null;
  /**
   * What navigator.credentials.get() returned, as JSON (@simplewebauthn/browser's
   * startAuthentication); parsed here with webAuthnAuthenticationResponseSchema.
   */
  response: unknown;
  context: RequestContext;
  /** The app's public origin; APP_ORIGIN unless given. */
  origin?: string;
};

export type VerifiedWebAuthnAuthentication = {
  factorId: string;
  userId: string;
  isPasskey: boolean;
  /** The authenticator verified the user (PIN, biometrics): with a passkey, two factors in one. */
  userVerified: boolean;
};

type CounterRegression = { factorId: string; userId: string; name: string; isPasskey: boolean; stored: bigint; received: number };

/**
 * Verifies an assertion against the challenge issued by startWebAuthnAuthentication (S17) and
 * applies the signature counter rule (S18). Every failure is the same INVALID_CREDENTIALS.
 */
export async function verifyWebAuthnAuthentication(options: VerifyWebAuthnAuthenticationOptions): Promise<VerifiedWebAuthnAuthentication> {
  const { db, tenant, userId, context } = options;
  const parsed = webAuthnAuthenticationResponseSchema.safeParse(options.response);
  const claimedChallenge = parsed.success ? challengeFromClientData(parsed.data.response.clientDataJSON) : null;
  if (!parsed.success || !claimedChallenge) throw webAuthnRefused();
  const response = parsed.data;
  // Consumed before anything else: every answer, right or wrong, uses the challenge up, so one
  // challenge cannot be used to try several credentials or signatures.
  const challenge = await consumeWebAuthnChallenge({ db, tenantId: tenant.id, userId, ceremony: "authenticate", challenge: claimedChallenge });

  const factor = await db.factor.findFirst({
    where: { tenantId: tenant.id, credentialId: response.id, type: "webauthn", activatedAt: { not: null } },
    select: { id: true, userId: true, name: true, credentialPublicKey: true, signCount: true, transports: true, isPasskey: true },
  });
  if (!factor?.credentialPublicKey || factor.signCount === null) throw webAuthnRefused();
  if (userId !== null && factor.userId !== userId) throw webAuthnRefused();
  // Signing in with nothing else: only a credential enrolled as a passkey, never a key the person
  // set up as a second factor behind their password.
  if (userId === null && !factor.isPasskey) throw webAuthnRefused();
  // The user handle names the account the authenticator holds the credential for (WA3 §7.2 step 6):
  // a passkey sign-in must name the credential's owner; otherwise, if present, it must agree.
  const userHandle = response.response.userHandle;
  const expectedHandle = Buffer.from(webAuthnUserHandle(factor.userId)).toString("base64url");
  if (userId === null ? userHandle !== expectedHandle : userHandle !== undefined && userHandle !== expectedHandle) throw webAuthnRefused();

  const relyingParty = getWebAuthnRelyingParty({ tenant, origin: options.origin });
  let verification: VerifiedAuthenticationResponse;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: relyingParty.expectedOrigins,
      expectedRPID: relyingParty.rpID,
      // The library would refuse a regressed counter before it checks the signature; we pass 0 so
      // it checks everything else, and apply S18 below, only to assertions whose signature is good
      // (an unsigned forgery must not be able to set off clone warnings).
      credential: { id: response.id, publicKey: new Uint8Array(factor.credentialPublicKey), counter: 0, transports: factor.transports },
      requireUserVerification: userId === null,
    });
  } catch {
    throw webAuthnRefused();
  }
  if (!verification.verified) throw webAuthnRefused();
  const { newCounter, userVerified, credentialBackedUp } = verification.authenticationInfo;

  const stored = factor.signCount;
  const regression: CounterRegression = { factorId: factor.id, userId: factor.userId, name: factor.name, isPasskey: factor.isPasskey, stored, received: newCounter };
  // S18 (WA3 §6.1.1): counters that are in use must go up; an equal or lower one means a copy of
  // the key may exist. Authenticators without a counter (both values 0) are exempt.
  if ((stored > 0n || newCounter > 0) && BigInt(newCounter) <= stored) {
    await recordCounterRegression({ db, tenant, context, regression });
    throw webAuthnRefused();
  }

  const accepted = await db.$transaction(async (tx) => {
    // Conditional on the counter still being below the new value, so two assertions carrying the
    // same counter (a clone racing the original) cannot both be accepted.
    const updated = await tx.factor.updateMany({
      where: newCounter === 0 ? { id: factor.id, signCount: 0n } : { id: factor.id, signCount: { lt: BigInt(newCounter) } },
      data: { signCount: BigInt(newCounter), lastUsedAt: new Date(), isBackedUp: credentialBackedUp },
    });
    if (updated.count !== 1) return false;
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: factor.userId,
      actor: { type: "user", id: factor.userId },
      type: "factor.used",
      context,
      data: { factorId: factor.id, factorType: "webauthn", isPasskey: factor.isPasskey, userVerified },
    });
    return true;
  });
  if (!accepted) {
    const current = await db.factor.findUnique({ where: { id: factor.id }, select: { signCount: true } });
    await recordCounterRegression({ db, tenant, context, regression: { ...regression, stored: current?.signCount ?? stored } });
    throw webAuthnRefused();
  }
  return { factorId: factor.id, userId: factor.userId, isPasskey: factor.isPasskey, userVerified };
}

async function recordCounterRegression(options: { db: Db; tenant: Tenant; context: RequestContext; regression: CounterRegression }) {
  const { db, tenant, context, regression } = options;
  await withNotifications(db, async (tx, queueEmail) => {
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: regression.userId,
      actor: { type: "anonymous" },
      type: "factor.webauthn_counter_regressed",
      context,
      data: { factorId: regression.factorId, storedCounter: regression.stored.toString(), receivedCounter: regression.received },
    });
    const user = await tx.user.findUnique({ where: { id: regression.userId }, select: { email: true } });
    if (!user) return;
    const message = webAuthnCounterRegressedMessage(
      { tenantName: tenant.name },
      { factorName: regression.name, isPasskey: regression.isPasskey, when: new Date(), device: deviceLabel(context.userAgent), ip: context.ip, securityUrl: tenantPageUrl(tenant, "/security") },
    );
    await queueEmail({ tenantId: tenant.id, userId: regression.userId, to: user.email, ...message });
  });
}
