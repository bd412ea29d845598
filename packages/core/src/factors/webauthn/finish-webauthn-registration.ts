import { verifyRegistrationResponse, type VerifiedRegistrationResponse } from "@simplewebauthn/server";
import type { RequestContext } from "../../audit/request-context";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { Prisma } from "../../generated/prisma/client";
import { newId } from "../../ids";
import { normalizeFactorName } from "../factor-name";
import type { SecurityNoticeDetails } from "../../notifications/email-templates";
import { queueSecurityNotice } from "../../notifications/queue-security-notice";
import { withNotifications } from "../../notifications/with-notifications";
import { addSessionMethod } from "../../sessions/add-session-method";
import { isFirstFactor, type FactorActivation } from "../first-factor";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { challengeFromClientData, consumeWebAuthnChallenge, webAuthnRefused } from "./webauthn-challenges";
import { webAuthnAddedMessage } from "./webauthn-emails";
import { defaultPasskeyName, defaultSecurityKeyName, nameForAaguid } from "./webauthn-names";
import { getWebAuthnRelyingParty } from "./webauthn-relying-party";
import { webAuthnRegistrationResponseSchema } from "./webauthn-response-schemas";
import type { WebAuthnCredentialKind } from "./start-webauthn-registration";

export type FinishWebAuthnRegistrationOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  /** The session registering it, which has now proven the key too (see addSessionMethod). */
  sessionId?: string;
  /**
   * What navigator.credentials.create() returned, as JSON (@simplewebauthn/browser's
   * startRegistration); parsed here with webAuthnRegistrationResponseSchema.
   */
  response: unknown;
  /**
   * What startWebAuthnRegistration was asked for, when the caller kept it. Without it the kind is
   * read from the response: a credential the browser reports as discoverable is a passkey.
   */
  kind?: WebAuthnCredentialKind;
  /** What the person calls it; at most 60 characters. Defaults to the authenticator model's name. */
  name?: string;
  context: RequestContext;
  /** The app's public origin; APP_ORIGIN unless given. */
  origin?: string;
};

export type RegisteredWebAuthnCredential = {
  factorId: string;
  name: string;
  isPasskey: boolean;
  /** `awaiting-recovery-codes` for the account's first factor (S21, see first-factor.ts). */
  status: FactorActivation["status"];
};

const knownTransports = new Set(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

function alreadyRegistered(): AppError {
  return new AppError("CONFLICT", "This security key or passkey is already registered. Use another one, or remove it first where it is registered.");
}

/**
 * Verifies a registration response against the challenge issued by startWebAuthnRegistration and
 * stores the credential as an active factor (S17, S18).
 *
 * A passkey must be discoverable and must have verified the user. Which kind was asked for is not
 * stored with the challenge, so it comes from `kind` or, without it, from the browser's credProps
 * report. Neither is signed (attestation "none" signs nothing at registration), and neither needs
 * to be: a passkey is only ever trusted on its own at a sign-in that demands a signed UV flag
 * again (verifyWebAuthnAuthentication); a false "passkey" claim on a key that is not discoverable
 * gets a label and nothing else.
 */
export async function finishWebAuthnRegistration(options: FinishWebAuthnRegistrationOptions): Promise<RegisteredWebAuthnCredential> {
  const { db, tenant, userId, context } = options;
  // Checked first, so a bad name does not use up the challenge; the default comes later.
  if (options.name !== undefined) normalizeFactorName(options.name, defaultSecurityKeyName);
  const parsed = webAuthnRegistrationResponseSchema.safeParse(options.response);
  const claimedChallenge = parsed.success ? challengeFromClientData(parsed.data.response.clientDataJSON) : null;
  if (!parsed.success || !claimedChallenge) throw webAuthnRefused();
  const response = parsed.data;
  // Consumed before anything else: every answer, right or wrong, uses the challenge up.
  const challenge = await consumeWebAuthnChallenge({ db, tenantId: tenant.id, userId, ceremony: "register", challenge: claimedChallenge });

  if (!tenant.policy.factors.allowed.includes("webauthn")) {
    throw new AppError("FORBIDDEN", "Security keys and passkeys are not available for this organisation.");
  }
  const user = await db.user.findFirst({ where: { id: userId, tenantId: tenant.id }, select: { id: true, email: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");

  const relyingParty = getWebAuthnRelyingParty({ tenant, origin: options.origin });
  const reportedDiscoverable = response.clientExtensionResults.credProps?.rk;
  const isPasskeyCeremony = options.kind === undefined ? reportedDiscoverable === true : options.kind === "passkey";
  // The passkey ceremony demanded a discoverable credential; an authenticator that says it made
  // something else did not do what was asked.
  if (isPasskeyCeremony && reportedDiscoverable === false) throw webAuthnRefused();
  let verification: VerifiedRegistrationResponse;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: relyingParty.expectedOrigins,
      expectedRPID: relyingParty.rpID,
      requireUserPresence: true,
      requireUserVerification: isPasskeyCeremony,
    });
  } catch {
    throw webAuthnRefused();
  }
  if (!verification.verified) throw webAuthnRefused();
  const info = verification.registrationInfo;
  // The id the browser reports must be the one inside the authenticator data we store.
  if (info.credential.id !== response.id) throw webAuthnRefused();

  // S18: a credential id is registered once across every tenant. The unique index decides races;
  // this look-up gives the ordinary case a clear answer without a failed insert.
  const taken = await db.factor.findUnique({ where: { credentialId: info.credential.id }, select: { id: true } });
  if (taken) throw alreadyRegistered();

  const isPasskey = isPasskeyCeremony && info.userVerified;
  const name = normalizeFactorName(options.name, nameForAaguid(info.aaguid) ?? (isPasskey ? defaultPasskeyName : defaultSecurityKeyName));
  const transports = (info.credential.transports ?? []).filter((transport) => knownTransports.has(transport));

  try {
    return await withNotifications(db, async (tx, queueEmail) => {
      // One factor change per account at a time, so two factors added at once cannot both think
      // they are the first.
      await tx.$queryRaw`SELECT id FROM "user" WHERE id = ${user.id} FOR UPDATE`;
      const isFirst = await isFirstFactor(tx, tenant.id, user.id);
      const now = new Date();
      const factor = await tx.factor.create({
        data: {
          id: newId("factor"),
          tenantId: tenant.id,
          userId: user.id,
          type: "webauthn",
          name,
          verifiedAt: now,
          // A first factor waits for its recovery codes (S21).
          activatedAt: isFirst ? null : now,
          credentialId: info.credential.id,
          credentialPublicKey: info.credential.publicKey,
          signCount: BigInt(info.credential.counter),
          transports,
          aaguid: info.aaguid,
          isPasskey,
          isBackedUp: info.credentialBackedUp,
        },
        select: { id: true },
      });
      if (isFirst) return { factorId: factor.id, name, isPasskey, status: "awaiting-recovery-codes" as const };
      await recordAuditEvent({
        db: tx,
        tenantId: tenant.id,
        userId: user.id,
        actor: { type: "user", id: user.id },
        type: "factor.added",
        context,
        data: { factorId: factor.id, factorType: "webauthn", name, isPasskey, aaguid: info.aaguid },
      });
      // With a "this wasn't me" link: a key added by someone else is a takeover in progress (S27).
      const what = (details: SecurityNoticeDetails & { notMeUrl: string }) => webAuthnAddedMessage({ tenantName: tenant.name }, { ...details, factorName: name, isPasskey });
      await queueSecurityNotice({ tx, queueEmail, tenant, user, what, context });
      if (options.sessionId) await addSessionMethod({ db: tx, sessionId: options.sessionId, method: "webauthn" });
      return { factorId: factor.id, name, isPasskey, status: "active" as const };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw alreadyRegistered();
    throw error;
  }
}
