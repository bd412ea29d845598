import { z } from "zod";
import { apiKeyActor, deleteWebhookEndpoint } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { endpointIdInput } from "./webhook-api-schemas";

/** Deletes an endpoint; its pending deliveries stop. */
export const deleteEndpoint = scopedProcedure("webhooks:write")
  .input(z.object({ endpointId: endpointIdInput }))
  .output(z.object({ endpointId: z.string(), deletedAt: z.date() }))
  .mutation(({ ctx, input }) =>
    deleteWebhookEndpoint({ db: ctx.db, tenantId: ctx.tenant.id, actor: apiKeyActor(ctx.principal), endpointId: input.endpointId, context: ctx.request }),
  );
