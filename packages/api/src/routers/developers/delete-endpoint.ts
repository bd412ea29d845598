import { z } from "zod";
import { deleteWebhookEndpoint, requireStaffRole } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { endpointIdInput, tenantIdInput } from "./developer-schemas";

/** Deletes an endpoint: no new deliveries, pending ones stop. Admins of the tenant, after a fresh step-up (S12). */
export const deleteEndpoint = staffStepUpProcedure
  .input(z.object({ tenantId: tenantIdInput, endpointId: endpointIdInput }))
  .output(z.object({ endpointId: z.string(), deletedAt: z.date() }))
  .mutation(({ ctx, input }) => {
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return deleteWebhookEndpoint({ db: ctx.db, tenantId: input.tenantId, actor: { type: "staff", id: ctx.staff.userId }, endpointId: input.endpointId, context: ctx.request });
  });
