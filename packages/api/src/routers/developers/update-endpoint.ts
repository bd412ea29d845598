import { z } from "zod";
import { updateWebhookEndpoint } from "@rekey/core";
import { tenantAdminChangeProcedure } from "./developer-procedures";
import { endpointIdInput, eventTypesInput, webhookDescriptionInput, webhookEndpointOutput, webhookUrlInput } from "./developer-schemas";

/**
 * Changes what is given of an endpoint, or turns it off or on; admins of the tenant, after a fresh
 * step-up (S12): a new URL receives every later event, as a new endpoint would.
 */
export const updateEndpoint = tenantAdminChangeProcedure
  .input(
    z.object({
      endpointId: endpointIdInput,
      url: webhookUrlInput.optional(),
      description: webhookDescriptionInput.optional(),
      eventTypes: eventTypesInput.optional(),
      enabled: z.boolean({ error: "Choose on or off." }).optional(),
    }),
  )
  .output(webhookEndpointOutput)
  .mutation(({ ctx, input }) =>
    updateWebhookEndpoint({
      db: ctx.db,
      tenantId: input.tenantId,
      actor: ctx.actor,
      endpointId: input.endpointId,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      enabled: input.enabled,
      context: ctx.request,
    }),
  );
