import { z } from "zod";
import { findWebhookDeliveries, requireStaffRole } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { deliveriesLimitInput, deliveryIdInput, endpointIdInput, tenantIdInput, webhookDeliveryOutput } from "./developer-schemas";

/** The tenant's webhook deliveries, newest first, optionally of one endpoint or status; admins only. */
export const deliveries = staffProcedure
  .input(
    z.object({
      tenantId: tenantIdInput,
      endpointId: endpointIdInput.optional(),
      status: z.enum(["pending", "delivered", "failed"], { error: "Choose pending, delivered or failed." }).optional(),
      cursor: deliveryIdInput.optional(),
      limit: deliveriesLimitInput.optional(),
    }),
  )
  .output(z.object({ deliveries: z.array(webhookDeliveryOutput), nextCursor: z.string().nullable() }))
  .query(({ ctx, input }) => {
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return findWebhookDeliveries({ db: ctx.db, tenantId: input.tenantId, endpointId: input.endpointId, status: input.status, cursor: input.cursor, limit: input.limit });
  });
