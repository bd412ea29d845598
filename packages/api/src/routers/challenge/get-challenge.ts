import { z } from "zod";
import { AppError, findSecondFactorMethods, getSignInChallenge } from "@rekey/core";
import { secondFactorMethodsOutput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

/** The sign-in waiting for its second factor (from the challenge cookie) and how it can finish. */
export const getChallenge = tenantProcedure.output(z.object({ methods: secondFactorMethodsOutput })).query(async ({ ctx }) => {
  if (!ctx.challengeToken) throw new AppError("TOKEN_INVALID", "This sign-in has expired. Please sign in again.");
  const challenge = await getSignInChallenge({ db: ctx.db, tenantId: ctx.tenant.id, token: ctx.challengeToken });
  return { methods: await findSecondFactorMethods({ db: ctx.db, tenant: ctx.tenant, userId: challenge.userId }) };
});
