/**
 * The WebAuthn user handle (user.id in the creation options). It is stored on the authenticator
 * and returned by passkeys at sign-in, so it must not be personal data such as the email
 * (WA3 §14.6.1). The user id is random (usr_ + 128 bits) and never changes: its bytes are a
 * stable, opaque handle of at most 64 bytes.
 */
export function webAuthnUserHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId, "utf8"));
}
