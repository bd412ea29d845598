import { z } from "zod";
import { auditEventTypes, findWebhookEndpoints, requireStaffRole } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { tenantIdInput, webhookEndpointOutput } from "./developer-schemas";

/**
 * The tenant's webhook endpoints, for its admins: never a signing secret. With them, the event
 * types an endpoint may ask for, for the page's "Add endpoint" form.
 */
export const endpoints = staffProcedure
  .input(z.object({ tenantId: tenantIdInput }))
  .output(z.object({ endpoints: z.array(webhookEndpointOutput), eventTypes: z.array(z.enum(auditEventTypes)) }))
  .query(async ({ ctx, input }) => {
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return { endpoints: await findWebhookEndpoints({ db: ctx.db, tenantId: input.tenantId }), eventTypes: [...auditEventTypes] };
  });
