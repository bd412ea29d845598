import { z } from "zod";
import { startTotpEnrolment } from "@rekey/core";
import { factorNameInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

// The seed appears in this response only (S21-like: shown once, never again).
export const startTotp = stepUpProcedure.meta({ duringSetup: true })
  .input(z.object({ name: factorNameInput }).optional())
  .output(z.object({ factorId: z.string(), secretGroups: z.string(), otpauthUri: z.string(), qrSvg: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const enrolment = await startTotpEnrolment({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, name: input?.name, accountLabel: ctx.session.user.email });
    return { factorId: enrolment.factorId, secretGroups: enrolment.secretGroups, otpauthUri: enrolment.otpauthUri, qrSvg: enrolment.qrSvg };
  });
