import { z } from "zod";
import { finishWebAuthnRegistration } from "@rekey/core";
import { factorActivationOutput, factorNameInput, webAuthnResponseInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const register = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ kind: z.enum(["security-key", "passkey"]), response: webAuthnResponseInput, name: factorNameInput }))
  .output(factorActivationOutput.extend({ name: z.string(), isPasskey: z.boolean() }))
  .mutation(async ({ ctx, input }) => {
    const registered = await finishWebAuthnRegistration({
      db: ctx.db,
      tenant: ctx.tenant,
      userId: ctx.session.userId,
      sessionId: ctx.session.sessionId,
      response: input.response,
      kind: input.kind,
      name: input.name,
      context: ctx.request,
    });
    return { factorId: registered.factorId, status: registered.status, name: registered.name, isPasskey: registered.isPasskey };
  });
