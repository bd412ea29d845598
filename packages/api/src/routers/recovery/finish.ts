import { z } from "zod";
import { finishContactRecovery } from "@rekey/core";
import { newPasswordInput, passwordInput, recoveredSessionOutput, toRecoveredSession } from "../../schemas";
import { tenantProcedure } from "../../trpc";
import { requireRecoveryToken } from "./recovery-view";

/**
 * Codes from enough contacts plus the password, or the waiting period and a new password (S25):
 * a session that must enrol a new second factor and save new codes before anything else.
 */
export const finish = tenantProcedure
  .input(
    z.object({
      proof: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("password"), password: passwordInput }),
        z.object({ kind: z.literal("waiting-period"), newPassword: newPasswordInput }),
      ]),
    }),
  )
  .output(recoveredSessionOutput)
  .mutation(async ({ ctx, input }) => {
    const completed = await finishContactRecovery({
      db: ctx.db,
      tenant: ctx.tenant,
      token: requireRecoveryToken(ctx.recoveryToken),
      proof: input.proof,
      deviceToken: ctx.deviceToken,
      context: ctx.request,
    });
    return toRecoveredSession(completed);
  });
