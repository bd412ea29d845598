import { z } from "zod";
import { vouchForRecovery } from "@rekey/core";
import { rowIdInput } from "../../schemas";
import { stepUpProcedure } from "../../trpc";

/**
 * "Yes, they asked me": the one answer that carries the relay code (S24). A fresh sign-in or
 * "confirm it's you" first, so a contact's stolen session alone cannot make a code.
 */
export const vouch = stepUpProcedure
  .input(z.object({ recoveryId: rowIdInput }))
  .output(z.object({ code: z.string(), expiresAt: z.date(), ownerName: z.string() }))
  .mutation(({ ctx, input }) =>
    vouchForRecovery({ db: ctx.db, tenant: ctx.tenant, contactUserId: ctx.session.userId, recoveryId: input.recoveryId, context: ctx.request }),
  );
