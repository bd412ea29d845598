import { z } from "zod";
import { completeSupportRecovery } from "@rekey/core";
import { newPasswordInput, recoveredSessionOutput, toRecoveredSession, tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

/**
 * The approval's link, followed: the shared completion (every old factor and session gone), and a
 * session that sets up a new factor and new codes before anything else. The new password is
 * optional: the person chooses it, staff never do.
 */
export const complete = tenantProcedure
  .input(z.object({ token: tokenInput, newPassword: z.union([z.literal(""), newPasswordInput]).optional() }))
  .output(recoveredSessionOutput)
  .mutation(async ({ ctx, input }) => {
    const completed = await completeSupportRecovery({
      db: ctx.db,
      tenant: ctx.tenant,
      token: input.token,
      newPassword: input.newPassword || null,
      deviceToken: ctx.deviceToken,
      context: ctx.request,
    });
    return toRecoveredSession(completed);
  });
