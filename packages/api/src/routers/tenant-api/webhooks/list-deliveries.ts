import { z } from "zod";
import { findWebhookDeliveries } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { deliveriesLimitInput, deliveryIdInput, endpointIdInput, webhookDeliveryOutput } from "./webhook-api-schemas";

/** Deliveries newest first, of one endpoint or status if asked; `cursor` is the last page's nextCursor. */
export const listDeliveries = scopedProcedure("webhooks:write")
  .input(
    z
      .object({
        endpointId: endpointIdInput.optional(),
        status: z.enum(["pending", "delivered", "failed"], { error: "Send status as pending, delivered or failed." }).optional(),
        cursor: deliveryIdInput.optional(),
        limit: deliveriesLimitInput.optional(),
      })
      .default({}),
  )
  .output(z.object({ deliveries: z.array(webhookDeliveryOutput), nextCursor: z.string().nullable() }))
  .query(({ ctx, input }) =>
    findWebhookDeliveries({ db: ctx.db, tenantId: ctx.tenant.id, endpointId: input.endpointId, status: input.status, cursor: input.cursor, limit: input.limit }),
  );
