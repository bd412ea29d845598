import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";

// The shapes of what navigator.credentials.create()/get() return as JSON (what
// @simplewebauthn/browser posts). Core parses them itself, so a malformed body from any caller is
// refused plainly instead of reaching the library half-formed; unknown members are dropped. The
// bounds are generous: credential ids are at most 1023 bytes (WA3 §4), attestation objects with
// certificate chains a few kilobytes.

const base64url = (maxLength: number) =>
  z
    .string()
    .min(1)
    .max(maxLength)
    .regex(/^[A-Za-z0-9_-]+$/);

const credentialId = base64url(1_400);

export const webAuthnRegistrationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  response: z.object({
    clientDataJSON: base64url(16_384),
    attestationObject: base64url(65_536),
    transports: z.array(z.string().max(32)).max(16).optional(),
  }),
  clientExtensionResults: z.object({ credProps: z.object({ rk: z.boolean().optional() }).optional() }).prefault({}),
}) satisfies z.ZodType<RegistrationResponseJSON>;

export const webAuthnAuthenticationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  response: z.object({
    clientDataJSON: base64url(16_384),
    authenticatorData: base64url(16_384),
    signature: base64url(2_048),
    userHandle: base64url(128)
      .nullish()
      .transform((value) => value ?? undefined),
  }),
  clientExtensionResults: z.object({}).prefault({}),
}) satisfies z.ZodType<AuthenticationResponseJSON>;
