import { z } from "zod";
import { redeliverWebhook } from "@rekey/core";
import { tenantAdminProcedure } from "./developer-procedures";
import { deliveryIdInput } from "./developer-schemas";

/**
 * Sends a delivery again, with the same `webhook-id`, to its (enabled) endpoint; admins of the
 * tenant. No step-up: it changes no setting and sends nothing the endpoint was not sent before.
 */
export const redeliver = tenantAdminProcedure
  .input(z.object({ deliveryId: deliveryIdInput }))
  .output(z.object({ deliveryId: z.string(), nextAttemptAt: z.date() }))
  .mutation(({ ctx, input }) =>
    redeliverWebhook({ db: ctx.db, tenantId: input.tenantId, actor: ctx.actor, deliveryId: input.deliveryId, context: ctx.request }),
  );
