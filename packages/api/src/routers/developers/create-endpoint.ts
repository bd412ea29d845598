import { z } from "zod";
import { createWebhookEndpoint, requireStaffRole } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { eventTypesInput, tenantIdInput, webhookDescriptionInput, webhookEndpointOutput, webhookUrlInput } from "./developer-schemas";

/**
 * Adds a webhook endpoint; admins of the tenant, after a fresh step-up (S12). Its signing secret
 * is in this answer only: no other procedure has a field for it.
 */
export const createEndpoint = staffStepUpProcedure
  .input(z.object({ tenantId: tenantIdInput, url: webhookUrlInput, description: webhookDescriptionInput.optional(), eventTypes: eventTypesInput }))
  .output(z.object({ endpoint: webhookEndpointOutput, secret: z.string() }))
  .mutation(({ ctx, input }) => {
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return createWebhookEndpoint({
      db: ctx.db,
      tenantId: input.tenantId,
      actor: { type: "staff", id: ctx.staff.userId },
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      context: ctx.request,
    });
  });
