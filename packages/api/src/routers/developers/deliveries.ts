import { z } from "zod";
import { findWebhookDeliveries } from "@rekey/core";
import { tenantAdminProcedure } from "./developer-procedures";
import { deliveriesLimitInput, deliveryIdInput, endpointIdInput, webhookDeliveryOutput } from "./developer-schemas";

/** The tenant's webhook deliveries, newest first, optionally of one endpoint or status; admins only. */
export const deliveries = tenantAdminProcedure
  .input(
    z.object({
      endpointId: endpointIdInput.optional(),
      status: z.enum(["pending", "delivered", "failed"], { error: "Choose pending, delivered or failed." }).optional(),
      cursor: deliveryIdInput.optional(),
      limit: deliveriesLimitInput.optional(),
    }),
  )
  .output(z.object({ deliveries: z.array(webhookDeliveryOutput), nextCursor: z.string().nullable() }))
  .query(({ ctx, input }) =>
    findWebhookDeliveries({ db: ctx.db, tenantId: input.tenantId, endpointId: input.endpointId, status: input.status, cursor: input.cursor, limit: input.limit }),
  );
