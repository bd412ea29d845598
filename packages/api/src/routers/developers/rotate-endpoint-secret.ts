import { z } from "zod";
import { requireStaffRole, rotateWebhookSecret } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { endpointIdInput, tenantIdInput } from "./developer-schemas";

/**
 * A new signing secret for an endpoint, in this answer only; the old one keeps signing beside it
 * until `previousSecretUntil` (24 hours). Admins of the tenant, after a fresh step-up (S12).
 */
export const rotateEndpointSecret = staffStepUpProcedure
  .input(z.object({ tenantId: tenantIdInput, endpointId: endpointIdInput }))
  .output(z.object({ secret: z.string(), previousSecretUntil: z.date() }))
  .mutation(({ ctx, input }) => {
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return rotateWebhookSecret({ db: ctx.db, tenantId: input.tenantId, actor: { type: "staff", id: ctx.staff.userId }, endpointId: input.endpointId, context: ctx.request });
  });
