import { z } from "zod";
import { getEmailTokenStatus } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

/**
 * Whether a reset link still works, asked when its page opens so a dead link says so before the
 * form (the link is left as it was). A mutation although it only reads: over HTTP a query is a
 * GET with its input in the URL, and the token must not reach proxy or access logs (S3, S8).
 */
export const resetLinkStatus = tenantProcedure
  .input(z.object({ token: tokenInput }))
  .output(z.object({ status: z.enum(["usable", "used", "expired", "unknown"]) }))
  .mutation(async ({ ctx, input }) => ({
    status: await getEmailTokenStatus({ db: ctx.db, tenant: ctx.tenant, purpose: "reset_password", token: input.token }),
  }));
