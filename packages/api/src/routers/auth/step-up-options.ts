import { z } from "zod";
import { findSecondFactorMethods, hasAnySecondFactor, sendSmsCode, startWebAuthnAuthentication } from "@rekey/core";
import { factorIdInput, noInput, secondFactorMethodsOutput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

/**
 * What "confirm it's you" can use, and how recent the last proof is: the enrolled factors, or the
 * password for an account without two-step verification (S12). Recovery codes get a person back
 * in; they do not confirm changes.
 */
export const stepUpMethods = sessionProcedure.meta({ duringSetup: true })
  .output(z.object({ methods: secondFactorMethodsOutput, password: z.boolean(), authenticatedAt: z.date(), windowMinutes: z.number() }))
  .query(async ({ ctx }) => {
    const methods = await findSecondFactorMethods({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId });
    return {
      methods: { ...methods, recoveryCode: false },
      password: !hasAnySecondFactor(methods),
      authenticatedAt: ctx.session.authenticatedAt,
      windowMinutes: ctx.tenant.policy.factors.stepUpMinutes,
    };
  });

export const stepUpWebAuthnOptions = sessionProcedure.meta({ duringSetup: true }).input(noInput).output(z.record(z.string(), z.unknown())).mutation(async ({ ctx }) => {
  const options = await startWebAuthnAuthentication({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId });
  return options as unknown as Record<string, unknown>;
});

export const sendStepUpSms = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ factorId: factorIdInput }))
  .output(z.object({ ok: z.literal(true), maskedPhone: z.string(), resendAfterSeconds: z.number() }))
  .mutation(async ({ ctx, input }) => {
    const sent = await sendSmsCode({
      db: ctx.db,
      tenant: ctx.tenant,
      userId: ctx.session.userId,
      factorId: input.factorId,
      purpose: "step_up",
      sessionId: ctx.session.sessionId,
      context: ctx.request,
    });
    return { ok: true as const, maskedPhone: sent.maskedPhone, resendAfterSeconds: sent.resendAfterSeconds };
  });
