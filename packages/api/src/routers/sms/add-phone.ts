import { z } from "zod";
import { addPhoneFactor } from "@rekey/core";
import { factorNameInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

export const addPhone = stepUpProcedure.meta({ duringSetup: true })
  .input(z.object({ phone: z.string().trim().min(1, "Enter a phone number.").max(40, "That phone number is too long."), name: factorNameInput }))
  .output(z.object({ factorId: z.string(), maskedPhone: z.string() }))
  .mutation(({ ctx, input }) =>
    addPhoneFactor({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, phone: input.phone, name: input.name, sessionId: ctx.session.sessionId, context: ctx.request }),
  );
