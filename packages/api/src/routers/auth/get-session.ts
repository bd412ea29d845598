import { z } from "zod";
import { optionalSessionProcedure } from "../../trpc";

export const getSession = optionalSessionProcedure
  .output(
    z
      .object({
        user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
        session: z.object({ id: z.string(), expiresAt: z.date() }),
      })
      .nullable(),
  )
  .query(({ ctx }) => (ctx.session ? { user: ctx.session.user, session: { id: ctx.session.sessionId, expiresAt: ctx.session.expiresAt } } : null));
