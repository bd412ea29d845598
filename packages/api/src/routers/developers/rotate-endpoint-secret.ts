import { z } from "zod";
import { rotateWebhookSecret } from "@rekey/core";
import { tenantAdminChangeProcedure } from "./developer-procedures";
import { endpointIdInput } from "./developer-schemas";

/**
 * A new signing secret for an endpoint, in this answer only; the old one keeps signing beside it
 * until `previousSecretUntil` (24 hours). Admins of the tenant, after a fresh step-up (S12).
 */
export const rotateEndpointSecret = tenantAdminChangeProcedure
  .input(z.object({ endpointId: endpointIdInput }))
  .output(z.object({ secret: z.string(), previousSecretUntil: z.date() }))
  .mutation(({ ctx, input }) =>
    rotateWebhookSecret({ db: ctx.db, tenantId: input.tenantId, actor: ctx.actor, endpointId: input.endpointId, context: ctx.request }),
  );
