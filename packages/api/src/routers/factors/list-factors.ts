import { z } from "zod";
import { findFactors } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

export const listFactors = sessionProcedure.meta({ duringSetup: true })
  .output(
    z.array(
      z.object({
        id: z.string(),
        type: z.enum(["totp", "sms", "webauthn"]),
        name: z.string(),
        createdAt: z.date(),
        lastUsedAt: z.date().nullable(),
        isPasskey: z.boolean(),
        maskedPhone: z.string().nullable(),
      }),
    ),
  )
  .query(({ ctx }) => findFactors({ db: ctx.db, tenantId: ctx.tenant.id, userId: ctx.session.userId }));
