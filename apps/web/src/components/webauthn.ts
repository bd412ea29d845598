import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from "@simplewebauthn/browser";
import type { FormError } from "@/lib/form-state";

// The api passes @simplewebauthn/server's options through as plain JSON records (its output
// schema cannot name the library's types); these are the same objects, typed again for the browser.

export async function authenticateWith(options: Record<string, unknown>, { autofill = false } = {}): Promise<Record<string, unknown>> {
  const response = await startAuthentication({
    optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
    ...(autofill ? { useBrowserAutofill: true } : {}),
  });
  return response as unknown as Record<string, unknown>;
}

export async function registerWith(options: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
  return response as unknown as Record<string, unknown>;
}

/** What a failed browser WebAuthn ceremony means to a person. */
export function webAuthnFailure(failure: unknown): FormError {
  const name = failure instanceof Error ? failure.name : "";
  if (name === "NotAllowedError" || name === "AbortError") {
    return { code: "WEBAUTHN_CANCELLED", message: "The security key or passkey was not used. Try again when you are ready." };
  }
  if (name === "InvalidStateError") {
    return { code: "WEBAUTHN_DUPLICATE", message: "This security key or passkey is already registered." };
  }
  return { code: "WEBAUTHN_FAILED", message: "This browser could not use a security key or passkey. Try another method." };
}
