import { z } from "zod";
import { cancelContactRecovery } from "@rekey/core";
import { tokenInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

/** The one-click cancel link of a recovery notice (the token is the link's, not the recovery's). */
export const cancel = tenantProcedure
  .input(z.object({ token: tokenInput }))
  .output(z.object({ status: z.enum(["cancelled", "already-completed", "nothing-open"]) }))
  .mutation(({ ctx, input }) => cancelContactRecovery({ db: ctx.db, tenant: ctx.tenant, token: input.token, context: ctx.request }));
