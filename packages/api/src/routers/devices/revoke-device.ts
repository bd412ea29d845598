import { z } from "zod";
import { AppError, revokeSession } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

export const revokeDevice = sessionProcedure
  .input(z.object({ sessionId: z.string().min(1).max(64) }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    // The current device signs out through sign-out, which also clears its cookie.
    if (input.sessionId === ctx.session.sessionId) throw new AppError("BAD_REQUEST", "Use “Sign out” to sign out of this device.");
    await revokeSession({
      db: ctx.db,
      tenantId: ctx.tenant.id,
      userId: ctx.session.userId,
      sessionId: input.sessionId,
      reason: "revoked",
      context: ctx.request,
    });
    return { ok: true as const };
  });
