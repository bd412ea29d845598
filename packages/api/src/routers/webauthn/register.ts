import { z } from "zod";
import { addSessionMethod, finishWebAuthnRegistration } from "@rekey/core";
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
      response: input.response,
      kind: input.kind,
      name: input.name,
      context: ctx.request,
    });
    // This session has now proven the key too. (A first factor does this when its recovery codes are saved.)
    if (registered.status === "active") await addSessionMethod({ db: ctx.db, sessionId: ctx.session.sessionId, method: "webauthn" });
    return { factorId: registered.factorId, status: registered.status, name: registered.name, isPasskey: registered.isPasskey };
  });
