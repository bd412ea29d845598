import { z } from "zod";
import { apiKeyActor, updateWebhookEndpoint } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { endpointIdInput, eventTypesInput, webhookDescriptionInput, webhookEndpointOutput, webhookUrlInput } from "./webhook-api-schemas";

/**
 * Changes what is given; `enabled: true` turns an endpoint back on and clears its failure streak.
 * Needs `events:read` too: an endpoint receives the security events, so pointing one somewhere reads them.
 */
export const updateEndpoint = scopedProcedure("webhooks:write", "events:read")
  .input(
    z.object({
      endpointId: endpointIdInput,
      url: webhookUrlInput.optional(),
      description: webhookDescriptionInput.optional(),
      eventTypes: eventTypesInput.optional(),
      enabled: z.boolean({ error: "Send enabled as true or false." }).optional(),
    }),
  )
  .output(webhookEndpointOutput)
  .mutation(({ ctx, input }) =>
    updateWebhookEndpoint({
      db: ctx.db,
      tenantId: ctx.tenant.id,
      actor: apiKeyActor(ctx.principal),
      endpointId: input.endpointId,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      enabled: input.enabled,
      context: ctx.request,
    }),
  );
