import { z } from "zod";
import { createWebhookEndpoint } from "@rekey/core";
import { tenantAdminChangeProcedure } from "./developer-procedures";
import { eventTypesInput, webhookDescriptionInput, webhookEndpointOutput, webhookUrlInput } from "./developer-schemas";

/**
 * Adds a webhook endpoint; admins of the tenant, after a fresh step-up (S12). Its signing secret
 * is in this answer only: no other procedure has a field for it.
 */
export const createEndpoint = tenantAdminChangeProcedure
  .input(z.object({ url: webhookUrlInput, description: webhookDescriptionInput.optional(), eventTypes: eventTypesInput }))
  .output(z.object({ endpoint: webhookEndpointOutput, secret: z.string() }))
  .mutation(({ ctx, input }) =>
    createWebhookEndpoint({
      db: ctx.db,
      tenantId: input.tenantId,
      actor: ctx.actor,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      context: ctx.request,
    }),
  );
