import { z } from "zod";
import { getReturnOrigins } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { tenantIdInput } from "./developer-schemas";

/** Where the hosted sign-in may send people back to (policy `api.returnOrigins`); admins of the tenant only. */
export const returnOrigins = staffProcedure
  .input(z.object({ tenantId: tenantIdInput }))
  .output(z.object({ origins: z.array(z.string()) }))
  .query(async ({ ctx, input }) => ({ origins: await getReturnOrigins({ db: ctx.db, staff: ctx.staff, tenantId: input.tenantId }) }));
