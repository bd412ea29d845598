import { z } from "zod";
import { apiKeyActor, redeliverWebhook } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { deliveryIdInput } from "./webhook-api-schemas";

/** Sends a delivery again with the same `webhook-id`, from the start of the retry schedule. */
export const redeliver = scopedProcedure("webhooks:write")
  .input(z.object({ deliveryId: deliveryIdInput }))
  .output(z.object({ deliveryId: z.string(), nextAttemptAt: z.date() }))
  .mutation(({ ctx, input }) =>
    redeliverWebhook({ db: ctx.db, tenantId: ctx.tenant.id, actor: apiKeyActor(ctx.principal), deliveryId: input.deliveryId, context: ctx.request }),
  );
