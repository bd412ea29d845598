import { z } from "zod";
import { inspectSession } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";

/**
 * The hot path: a tenant server asks whether the session token its user carries is live. A dead
 * token is `{ active: false }`, not an error.
 */
export const verifySession = scopedProcedure("sessions:read")
  .input(z.object({ token: z.string().min(1, "Send the session token.").max(200, "That is not a session token.") }))
  .query(({ ctx, input }) => inspectSession({ db: ctx.db, tenant: ctx.tenant, token: input.token }));
