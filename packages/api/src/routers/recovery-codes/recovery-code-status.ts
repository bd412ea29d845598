import { z } from "zod";
import { findRecoveryCodeStatus, regenerateRecoveryCodes } from "@rekey/core";
import { sessionProcedure, stepUpProcedure } from "../../trpc";
import { noInput } from "../../schemas";
import { issuedCodesOutput, withDownload } from "./issued-codes";

/** "7 of 10 left", and when, where and in which browser each used code was used (never a code). */
export const recoveryCodeStatus = sessionProcedure.meta({ duringSetup: true })
  .output(
    z
      .object({
        style: z.enum(["set", "key"]),
        total: z.number().int(),
        remaining: z.number().int(),
        createdAt: z.date(),
        warn: z.boolean(),
        used: z.array(z.object({ position: z.number().int(), maskedCode: z.string(), usedAt: z.date(), browser: z.string(), os: z.string(), ip: z.string() })),
      })
      .nullable(),
  )
  .query(({ ctx }) => findRecoveryCodeStatus({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId }));

/**
 * "Generate new codes" (S23): needs a fresh step-up, and is the one thing a session that signed in
 * with the last code may do (its sign-in is fresh, so no step-up is asked of it).
 */
export const regenerate = stepUpProcedure
  .meta({ duringSetup: true })
  .input(noInput)
  .output(issuedCodesOutput)
  .mutation(async ({ ctx }) => {
    const issued = await regenerateRecoveryCodes({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, context: ctx.request });
    return withDownload(issued, ctx.tenant, ctx.session.user.email);
  });
