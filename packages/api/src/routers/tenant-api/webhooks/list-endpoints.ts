import { z } from "zod";
import { findWebhookEndpoints } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { webhookEndpointOutput } from "./webhook-api-schemas";

/** The tenant's webhook endpoints; never a secret. */
export const listEndpoints = scopedProcedure("webhooks:write")
  .output(z.object({ endpoints: z.array(webhookEndpointOutput) }))
  .query(async ({ ctx }) => ({ endpoints: await findWebhookEndpoints({ db: ctx.db, tenantId: ctx.tenant.id }) }));
