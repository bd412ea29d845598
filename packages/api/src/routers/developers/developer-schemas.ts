import { z } from "zod";
import { apiKeyEnvironments, apiKeyScopes, auditEventTypes, webhookDeliveriesMaxLimit, webhookUrlMaxLength } from "@rekey/core";
import { rowIdInput } from "../../schemas";

// Inputs and answers shared by the Developers page's procedures (S30: bounded, with messages a
// person can act on). Answers are picked field by field: no key hash or sealed secret has a field.

export { tenantIdInput } from "../staff/staff-schemas";

export const apiKeyIdInput = rowIdInput;

export const apiKeyNameInput = z
  .string({ error: "Give the key a name." })
  .trim()
  .min(1, "Give the key a name, such as the app that will use it.")
  .max(60, "Keep the name to 60 characters.");

export const apiKeyEnvironmentInput = z.enum(apiKeyEnvironments, { error: "Choose live or test." });

export const apiKeyScopesInput = z
  .array(z.enum(apiKeyScopes, { error: "Choose scopes from the list." }), { error: "Choose what the key may do." })
  .min(1, "Choose at least one thing the key may do.")
  .max(apiKeyScopes.length, "Choose each scope once.");

export const apiKeyOutput = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  environment: z.enum(apiKeyEnvironments),
  scopes: z.array(z.string()),
  createdAt: z.date(),
  createdBy: z.string().nullable(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  status: z.enum(["active", "expired", "revoked"]),
});

export const endpointIdInput = rowIdInput;
export const deliveryIdInput = rowIdInput;

export const webhookUrlInput = z
  .string({ error: "Enter the URL your server receives webhooks at." })
  .trim()
  .min(1, "Enter the URL your server receives webhooks at.")
  .max(webhookUrlMaxLength, `A webhook URL has at most ${webhookUrlMaxLength} characters.`);

export const webhookDescriptionInput = z.string({ error: "The description must be text." }).trim().max(200, "Keep the description to 200 characters.");

/** Empty: every event type, including ones added later. */
export const eventTypesInput = z
  .array(z.enum(auditEventTypes, { error: "Choose event types from the list." }), { error: "Choose the events to send." })
  .max(auditEventTypes.length, "Choose each event type once.");

export const deliveriesLimitInput = z.number({ error: "Give the page size as a number." }).int("Give a whole number.").min(1, "Ask for at least one.").max(webhookDeliveriesMaxLimit, `Ask for at most ${webhookDeliveriesMaxLimit}.`);

export const webhookEndpointOutput = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  disabledAt: z.date().nullable(),
  disabledReason: z.string().nullable(),
  failureStreak: z.number().int(),
  createdAt: z.date(),
  previousSecretUntil: z.date().nullable(),
});

export const webhookDeliveryOutput = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string().nullable(),
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
});
