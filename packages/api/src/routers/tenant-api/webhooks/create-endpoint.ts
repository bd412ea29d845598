import { z } from "zod";
import { apiKeyActor, createWebhookEndpoint } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { eventTypesInput, webhookDescriptionInput, webhookEndpointOutput, webhookUrlInput } from "./webhook-api-schemas";

/**
 * Adds an endpoint. The signing secret (`whsec_...`) is in this answer only.
 * Needs `events:read` too: an endpoint receives the security events, so pointing one somewhere reads them.
 */
export const createEndpoint = scopedProcedure("webhooks:write", "events:read")
  .input(z.object({ url: webhookUrlInput, description: webhookDescriptionInput.optional(), eventTypes: eventTypesInput.default([]) }))
  .output(z.object({ endpoint: webhookEndpointOutput, secret: z.string() }))
  .mutation(({ ctx, input }) =>
    createWebhookEndpoint({
      db: ctx.db,
      tenantId: ctx.tenant.id,
      actor: apiKeyActor(ctx.principal),
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      context: ctx.request,
    }),
  );
