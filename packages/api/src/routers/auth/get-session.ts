import { z } from "zod";
import { sessionRestriction } from "@rekey/core";
import { optionalSessionProcedure } from "../../trpc";

export const getSession = optionalSessionProcedure
  .output(
    z
      .object({
        user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
        session: z.object({ id: z.string(), expiresAt: z.date() }),
        /** A step the session must finish before anything else (see core's session-restriction.ts). */
        restriction: z.enum(["enrol-second-factor", "save-recovery-codes"]).nullable(),
        /** Made by an account recovery (trusted contacts, support): the pages say so. */
        isRecovered: z.boolean(),
      })
      .nullable(),
  )
  .query(({ ctx }) =>
    ctx.session
      ? {
          user: ctx.session.user,
          session: { id: ctx.session.sessionId, expiresAt: ctx.session.expiresAt },
          restriction: sessionRestriction(ctx.session, ctx.tenant.policy),
          isRecovered: ctx.session.methods.includes("account_recovery"),
        }
      : null,
  );
