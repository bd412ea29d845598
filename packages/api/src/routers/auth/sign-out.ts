import { z } from "zod";
import { revokeSession } from "@rekey/core";
import { sessionProcedure } from "../../trpc";
import { noInput } from "../../schemas";

export const signOut = sessionProcedure.meta({ duringSetup: true }).input(noInput).output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
  await revokeSession({
    db: ctx.db,
    tenantId: ctx.tenant.id,
    userId: ctx.session.userId,
    sessionId: ctx.session.sessionId,
    reason: "signed_out",
    context: ctx.request,
  });
  return { ok: true as const };
});
