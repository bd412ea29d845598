import { z } from "zod";
import { redeliverWebhook, requireStaffRole } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { deliveryIdInput, tenantIdInput } from "./developer-schemas";

/**
 * Sends a delivery again, with the same `webhook-id`, to its (enabled) endpoint; admins of the
 * tenant. No step-up: it changes no setting and sends nothing the endpoint was not sent before.
 */
export const redeliver = staffProcedure
  .input(z.object({ tenantId: tenantIdInput, deliveryId: deliveryIdInput }))
  .output(z.object({ deliveryId: z.string(), nextAttemptAt: z.date() }))
  .mutation(({ ctx, input }) => {
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return redeliverWebhook({ db: ctx.db, tenantId: input.tenantId, actor: { type: "staff", id: ctx.staff.userId }, deliveryId: input.deliveryId, context: ctx.request });
  });
