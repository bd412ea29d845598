import { z } from "zod";
import { requireStaffRole, revokeApiKey } from "@rekey/core";
import { staffStepUpProcedure } from "../../trpc";
import { apiKeyIdInput, tenantIdInput } from "./developer-schemas";

/** Revokes a key: its next call is refused (S29). Admins of the tenant, after a fresh step-up (S12). */
export const revokeKey = staffStepUpProcedure
  .input(z.object({ tenantId: tenantIdInput, apiKeyId: apiKeyIdInput }))
  .output(z.object({ apiKeyId: z.string(), revokedAt: z.date() }))
  .mutation(({ ctx, input }) => {
    // Core checks the key's own tenant; this makes a lead's or a stranger's call the same
    // not-found as a missing organisation before any row is read (S28).
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return revokeApiKey({ db: ctx.db, staff: ctx.staff, apiKeyId: input.apiKeyId, context: ctx.request });
  });
