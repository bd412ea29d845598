import { z } from "zod";
import { revokeAllOtherSessions } from "@rekey/core";
import { sessionProcedure } from "../../trpc";
import { noInput } from "../../schemas";

export const revokeOtherDevices = sessionProcedure.input(noInput).output(z.object({ count: z.number().int() })).mutation(async ({ ctx }) => {
  const count = await revokeAllOtherSessions({
    db: ctx.db,
    tenantId: ctx.tenant.id,
    userId: ctx.session.userId,
    currentSessionId: ctx.session.sessionId,
    context: ctx.request,
  });
  return { count };
});
