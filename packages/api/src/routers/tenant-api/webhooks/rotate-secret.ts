import { z } from "zod";
import { apiKeyActor, rotateWebhookSecret } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { endpointIdInput } from "./webhook-api-schemas";

/** A new signing secret, in this answer only; the old one keeps signing too until previousSecretUntil (24 h). */
export const rotateSecret = scopedProcedure("webhooks:write")
  .input(z.object({ endpointId: endpointIdInput }))
  .output(z.object({ secret: z.string(), previousSecretUntil: z.date() }))
  .mutation(({ ctx, input }) =>
    rotateWebhookSecret({ db: ctx.db, tenantId: ctx.tenant.id, actor: apiKeyActor(ctx.principal), endpointId: input.endpointId, context: ctx.request }),
  );
