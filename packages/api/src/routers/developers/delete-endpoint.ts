import { z } from "zod";
import { deleteWebhookEndpoint } from "@rekey/core";
import { tenantAdminChangeProcedure } from "./developer-procedures";
import { endpointIdInput } from "./developer-schemas";

/** Deletes an endpoint: no new deliveries, pending ones stop. Admins of the tenant, after a fresh step-up (S12). */
export const deleteEndpoint = tenantAdminChangeProcedure
  .input(z.object({ endpointId: endpointIdInput }))
  .output(z.object({ endpointId: z.string(), deletedAt: z.date() }))
  .mutation(({ ctx, input }) =>
    deleteWebhookEndpoint({ db: ctx.db, tenantId: input.tenantId, actor: ctx.actor, endpointId: input.endpointId, context: ctx.request }),
  );
