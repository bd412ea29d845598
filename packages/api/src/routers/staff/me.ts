import { z } from "zod";
import { getStaffStatus } from "@rekey/core";
import { sessionProcedure } from "../../trpc";
import { staffRoleOutput } from "./staff-schemas";

/**
 * Any signed-in session may ask: the dashboard's gate for it (so the page can say why it stays
 * closed and what to do) and the person's own roles. Names nothing of anyone else.
 */
export const me = sessionProcedure
  .output(
    z.object({
      gate: z.enum(["ok", "not-staff", "needs-second-factor", "new-second-factor", "sign-in-again", "use-second-factor"]),
      name: z.string(),
      email: z.string(),
      memberships: z.array(z.object({ tenantId: z.string(), tenantSlug: z.string(), tenantName: z.string(), role: staffRoleOutput })),
    }),
  )
  .query(({ ctx }) => getStaffStatus({ db: ctx.db, session: ctx.session }));
