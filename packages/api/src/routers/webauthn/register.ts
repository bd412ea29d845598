import { z } from "zod";
import { addSessionMethod, finishWebAuthnRegistration } from "@rekey/core";
import { factorNameInput, webAuthnResponseInput } from "../../schemas";
import { sessionProcedure } from "../../trpc";

export const register = sessionProcedure.meta({ duringSetup: true })
  .input(z.object({ kind: z.enum(["security-key", "passkey"]), response: webAuthnResponseInput, name: factorNameInput }))
  .output(z.object({ factorId: z.string(), name: z.string(), isPasskey: z.boolean() }))
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
    // This session has now proven the key too (and so no longer owes a required factor).
    await addSessionMethod({ db: ctx.db, sessionId: ctx.session.sessionId, method: "webauthn" });
    return { factorId: registered.factorId, name: registered.name, isPasskey: registered.isPasskey };
  });
