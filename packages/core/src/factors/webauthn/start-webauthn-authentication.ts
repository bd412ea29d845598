import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { issueWebAuthnChallenge, webAuthnCeremonyTimeoutMs } from "./webauthn-challenges";
import { getWebAuthnRelyingParty } from "./webauthn-relying-party";

export type StartWebAuthnAuthenticationOptions = {
  db: Db;
  tenant: Tenant;
  /**
   * The user whose password is already proven (a second factor, or a step-up), or null for a
   * passkey sign-in (also conditional mediation / autofill), where the passkey names the user.
   */
  userId: string | null;
  /** The app's public origin; APP_ORIGIN unless given. */
  origin?: string;
};

/** Options for navigator.credentials.get(); the challenge in them is stored for verifyWebAuthnAuthentication. */
export async function startWebAuthnAuthentication(options: StartWebAuthnAuthenticationOptions): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { db, tenant, userId } = options;
  const relyingParty = getWebAuthnRelyingParty({ tenant, origin: options.origin });
  if (userId === null) {
    // Nobody is known yet: the browser offers whichever passkey the person picks, and that passkey
    // stands in for the password too, so it must verify the user (WA3 §6.2.3).
    const challenge = await issueWebAuthnChallenge({ db, tenantId: tenant.id, userId: null, ceremony: "authenticate" });
    return generateAuthenticationOptions({
      rpID: relyingParty.rpID,
      challenge: new Uint8Array(Buffer.from(challenge, "base64url")),
      timeout: webAuthnCeremonyTimeoutMs,
      allowCredentials: [],
      userVerification: "required",
    });
  }
  const factors = await db.factor.findMany({
    where: { tenantId: tenant.id, userId, type: "webauthn", activatedAt: { not: null } },
    select: { credentialId: true, transports: true },
    orderBy: { createdAt: "asc" },
  });
  const allowCredentials = factors.flatMap((factor) => (factor.credentialId ? [{ id: factor.credentialId, transports: factor.transports }] : []));
  // An empty list would let the browser offer any passkey at all, which is not this user's factor.
  if (allowCredentials.length === 0) throw new AppError("NOT_FOUND", "No security key or passkey is set up for this account.");
  const challenge = await issueWebAuthnChallenge({ db, tenantId: tenant.id, userId, ceremony: "authenticate" });
  return generateAuthenticationOptions({
    rpID: relyingParty.rpID,
    challenge: new Uint8Array(Buffer.from(challenge, "base64url")),
    timeout: webAuthnCeremonyTimeoutMs,
    allowCredentials,
    // Verified when the key can (a passkey with UV counts as two factors); a key without a PIN
    // still works as the second factor after a password.
    userVerification: "preferred",
  });
}
