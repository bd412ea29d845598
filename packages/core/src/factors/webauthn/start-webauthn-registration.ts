import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { issueWebAuthnChallenge, webAuthnCeremonyTimeoutMs } from "./webauthn-challenges";
import { getWebAuthnRelyingParty } from "./webauthn-relying-party";
import { webAuthnUserHandle } from "./webauthn-user-handle";

export type WebAuthnCredentialKind = "security-key" | "passkey";

export type StartWebAuthnRegistrationOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  /**
   * A passkey signs in on its own, so it must be discoverable and verify the user (PIN or
   * biometrics). A security key is a second factor after the password.
   */
  kind: WebAuthnCredentialKind;
  /** The app's public origin; APP_ORIGIN unless given. */
  origin?: string;
};

/** Options for navigator.credentials.create(); the challenge in them is stored for finishWebAuthnRegistration. */
export async function startWebAuthnRegistration(options: StartWebAuthnRegistrationOptions): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { db, tenant, userId, kind } = options;
  if (!tenant.policy.factors.allowed.includes("webauthn")) {
    throw new AppError("FORBIDDEN", "Security keys and passkeys are not available for this organisation.");
  }
  const user = await db.user.findFirst({ where: { id: userId, tenantId: tenant.id }, select: { id: true, email: true, name: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");

  // The browser refuses an authenticator that already holds one of these, so the same key is not
  // registered twice by mistake (WA3 §5.4.3).
  const existing = await db.factor.findMany({
    where: { tenantId: tenant.id, userId: user.id, type: "webauthn" },
    select: { credentialId: true, transports: true },
    orderBy: { createdAt: "asc" },
  });
  const challenge = await issueWebAuthnChallenge({ db, tenantId: tenant.id, userId: user.id, ceremony: "register" });
  const relyingParty = getWebAuthnRelyingParty({ tenant, origin: options.origin });
  const isPasskey = kind === "passkey";
  return generateRegistrationOptions({
    rpName: relyingParty.rpName,
    rpID: relyingParty.rpID,
    userID: webAuthnUserHandle(user.id),
    userName: user.email,
    userDisplayName: user.name,
    challenge: new Uint8Array(Buffer.from(challenge, "base64url")),
    timeout: webAuthnCeremonyTimeoutMs,
    // We do not decide anything on the authenticator's make and model, so we do not ask for proof
    // of it (which would also reveal it to us).
    attestationType: "none",
    excludeCredentials: existing.flatMap((factor) => (factor.credentialId ? [{ id: factor.credentialId, transports: factor.transports }] : [])),
    authenticatorSelection: isPasskey
      ? { residentKey: "required", requireResidentKey: true, userVerification: "required" }
      : { residentKey: "discouraged", requireResidentKey: false, userVerification: "preferred" },
  });
}
