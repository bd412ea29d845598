import { z } from "zod";
import { findFactorsAwaitingRecoveryCodes, finishTwoStepSetup, startTwoStepSetup } from "@rekey/core";
import { noInput, recoveryCodeInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";
import { issuedCodesOutput, withDownload } from "./issued-codes";

// Turning two-step verification on (S21): the first factor waits, verified, until the owner has
// saved a set of recovery codes and typed one back. Open to a session that owes a required factor.

export const waitingFactors = sessionProcedure
  .meta({ duringSetup: true })
  .output(z.array(z.object({ id: z.string(), type: z.enum(["totp", "sms", "webauthn"]), name: z.string(), isPasskey: z.boolean() })))
  .query(({ ctx }) => findFactorsAwaitingRecoveryCodes({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId }));

export const startSetup = sessionProcedure
  .meta({ duringSetup: true })
  .input(noInput)
  .output(issuedCodesOutput)
  .mutation(async ({ ctx }) => {
    const issued = await startTwoStepSetup({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId });
    return withDownload(issued, ctx.tenant, ctx.session.user.email);
  });

export const finishSetup = sessionProcedure
  .meta({ duringSetup: true })
  .input(z.object({ setId: z.string().min(1).max(64), code: recoveryCodeInput }))
  .output(z.object({ factorIds: z.array(z.string()) }))
  .mutation(({ ctx, input }) =>
    finishTwoStepSetup({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, sessionId: ctx.session.sessionId, ...input, context: ctx.request }),
  );
