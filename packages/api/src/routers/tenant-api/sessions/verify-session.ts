import { z } from "zod";
import { inspectSession } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";

/**
 * The hot path: a tenant server asks whether the session token its user carries is live. A dead
 * token is `{ active: false }`, not an error. A mutation only in tRPC's sense: it is sent as a POST,
 * so the session token travels in the body and never in a URL that proxies and access logs keep (S3).
 */
export const verifySession = scopedProcedure("sessions:read")
  .input(z.object({ token: z.string().min(1, "Send the session token.").max(200, "That is not a session token.") }))
  .mutation(({ ctx, input }) => inspectSession({ db: ctx.db, tenant: ctx.tenant, token: input.token }));
