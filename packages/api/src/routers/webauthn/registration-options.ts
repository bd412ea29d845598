import { z } from "zod";
import { startWebAuthnRegistration } from "@rekey/core";
import { stepUpProcedure } from "../../trpc";

export const registrationOptions = stepUpProcedure.meta({ duringSetup: true })
  .input(z.object({ kind: z.enum(["security-key", "passkey"]) }))
  .output(z.record(z.string(), z.unknown()))
  .mutation(async ({ ctx, input }) => {
    const options = await startWebAuthnRegistration({ db: ctx.db, tenant: ctx.tenant, userId: ctx.session.userId, kind: input.kind });
    return options as unknown as Record<string, unknown>;
  });
