import { z } from "zod";
import { auditEventTypes, findWebhookEndpoints } from "@rekey/core";
import { tenantAdminProcedure } from "./developer-procedures";
import { webhookEndpointOutput } from "./developer-schemas";

/**
 * The tenant's webhook endpoints, for its admins: never a signing secret. With them, the event
 * types an endpoint may ask for, for the page's "Add endpoint" form.
 */
export const endpoints = tenantAdminProcedure
  .output(z.object({ endpoints: z.array(webhookEndpointOutput), eventTypes: z.array(z.enum(auditEventTypes)) }))
  .query(async ({ ctx, input }) => ({ endpoints: await findWebhookEndpoints({ db: ctx.db, tenantId: input.tenantId }), eventTypes: [...auditEventTypes] }));
