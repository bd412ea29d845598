import { z } from "zod";
import { apiKeyActor, revokeUserSession } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { sessionIdInput } from "../tenant-api-schemas";

/** Signs one session out at once: `sessions.verify` answers `active: false` for it from now on. */
export const revokeSession = scopedProcedure("sessions:write")
  .input(z.object({ sessionId: sessionIdInput }))
  .output(z.object({ sessionId: z.string(), userId: z.string(), revokedAt: z.date() }))
  .mutation(({ ctx, input }) =>
    revokeUserSession({ db: ctx.db, tenant: ctx.tenant, sessionId: input.sessionId, actor: apiKeyActor(ctx.principal), context: ctx.request }),
  );
