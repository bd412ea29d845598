import { z } from "zod";
import { requireStaffRole, updateWebhookEndpoint } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { endpointIdInput, eventTypesInput, tenantIdInput, webhookDescriptionInput, webhookEndpointOutput, webhookUrlInput } from "./developer-schemas";

/**
 * Changes what is given of an endpoint, or turns it off or on; admins of the tenant, after a fresh
 * step-up (S12): a new URL receives every later event, as a new endpoint would.
 */
export const updateEndpoint = staffStepUpProcedure
  .input(
    z.object({
      tenantId: tenantIdInput,
      endpointId: endpointIdInput,
      url: webhookUrlInput.optional(),
      description: webhookDescriptionInput.optional(),
      eventTypes: eventTypesInput.optional(),
      enabled: z.boolean({ error: "Choose on or off." }).optional(),
    }),
  )
  .output(webhookEndpointOutput)
  .mutation(({ ctx, input }) => {
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return updateWebhookEndpoint({
      db: ctx.db,
      tenantId: input.tenantId,
      actor: { type: "staff", id: ctx.staff.userId },
      endpointId: input.endpointId,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      enabled: input.enabled,
      context: ctx.request,
    });
  });
