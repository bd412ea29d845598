import { z } from "zod";
import { signInWithPasskey as passkeySignIn } from "@rekey/core";
import { establishedSessionOutput, webAuthnResponseInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const signInWithPasskey = tenantProcedure
  .input(z.object({ response: webAuthnResponseInput }))
  .output(establishedSessionOutput)
  .mutation(async ({ ctx, input }) => {
    const established = await passkeySignIn({ db: ctx.db, tenant: ctx.tenant, response: input.response, deviceToken: ctx.deviceToken, context: ctx.request });
    return { status: "signed-in" as const, ...established };
  });
