import { z } from "zod";
import { normalizeReturnOrigin, returnOriginProblem, setReturnOrigins as setTenantReturnOrigins } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { tenantIdInput } from "./developer-schemas";

// Each origin as typed, said back in words when it is not one (core checks the stored list again).
const originInput = z
  .string({ error: "Give each origin as text." })
  .max(200, "Keep each origin to 200 characters.")
  .superRefine((value, context) => {
    const origin = normalizeReturnOrigin(value);
    const problem = origin === "" ? null : returnOriginProblem(origin);
    if (problem) context.addIssue({ code: "custom", message: `${origin} ${problem}.` });
  });

/**
 * Replaces the origins the hosted sign-in may send people back to. Admins of the tenant only,
 * after a fresh step-up (S12): an origin added here receives signed-in people's hand-off codes.
 */
export const setReturnOrigins = staffStepUpProcedure
  .input(z.object({ tenantId: tenantIdInput, origins: z.array(originInput, { error: "Give the origins as a list." }).max(10, "Allow at most 10 origins.") }))
  .output(z.object({ origins: z.array(z.string()) }))
  .mutation(async ({ ctx, input }) => ({
    origins: await setTenantReturnOrigins({ db: ctx.db, staff: ctx.staff, tenantId: input.tenantId, origins: input.origins, context: ctx.request }),
  }));
