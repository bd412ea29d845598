import { z } from "zod";
import { AppError, getSignInChallenge, startWebAuthnAuthentication } from "@rekey/core";
import { tenantProcedure } from "../../trpc";
import { noInput } from "../../schemas";

export const challengeWebAuthnOptions = tenantProcedure.input(noInput).output(z.record(z.string(), z.unknown())).mutation(async ({ ctx }) => {
  if (!ctx.challengeToken) throw new AppError("TOKEN_INVALID", "This sign-in has expired. Please sign in again.");
  const challenge = await getSignInChallenge({ db: ctx.db, tenantId: ctx.tenant.id, token: ctx.challengeToken });
  const options = await startWebAuthnAuthentication({ db: ctx.db, tenant: ctx.tenant, userId: challenge.userId });
  return options as unknown as Record<string, unknown>;
});
