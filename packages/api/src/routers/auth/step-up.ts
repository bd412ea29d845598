import { z } from "zod";
import { stepUp as confirmItsYou } from "@rekey/core";
import { codeInput, passwordInput, webAuthnResponseInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const stepUp = sessionProcedure.meta({ duringSetup: true })
  .input(
    z.object({
      proof: z.discriminatedUnion("method", [
        z.object({ method: z.literal("password"), password: passwordInput }),
        z.object({ method: z.literal("totp"), code: codeInput }),
        z.object({ method: z.literal("sms"), code: codeInput }),
        z.object({ method: z.literal("webauthn"), response: webAuthnResponseInput }),
      ]),
    }),
  )
  // A rotated session: the web app replaces its cookie with the new token (S10).
  .output(z.object({ sessionToken: z.string(), expiresAt: z.date() }))
  .mutation(async ({ ctx, input }) => {
    const rotated = await confirmItsYou({ db: ctx.db, tenant: ctx.tenant, session: ctx.session, proof: input.proof, context: ctx.request });
    return { sessionToken: rotated.sessionToken, expiresAt: rotated.expiresAt };
  });
