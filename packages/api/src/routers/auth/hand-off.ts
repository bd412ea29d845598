import { z } from "zod";
import { createSessionHandoff } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

/**
 * The hosted sign-in's last step for a tenant app: a one-time code for this session, appended to
 * `returnTo` when that is on one of the tenant's return origins (else BAD_REQUEST). Not open
 * during setup: a session that owes a step finishes it first.
 */
export const handOff = sessionProcedure
  .input(z.object({ returnTo: z.string().min(1, "Say where to return to.").max(2000, "That address is too long.") }))
  .output(z.object({ redirectTo: z.string() }))
  .mutation(({ ctx, input }) => createSessionHandoff({ db: ctx.db, tenant: ctx.tenant, session: ctx.session, returnTo: input.returnTo }));
