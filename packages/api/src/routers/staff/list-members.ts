import { z } from "zod";
import { findStaffMembers } from "@rekey/core";
import { staffProcedure } from "../../trpc";
import { staffRoleOutput, tenantIdInput } from "./staff-schemas";

/** The tenant's support staff; admins of the tenant only. */
export const listMembers = staffProcedure
  .input(z.object({ tenantId: tenantIdInput }))
  .output(z.array(z.object({ memberId: z.string(), userId: z.string(), name: z.string(), email: z.string(), role: staffRoleOutput, since: z.date() })))
  .query(({ ctx, input }) => findStaffMembers({ db: ctx.db, staff: ctx.staff, tenantId: input.tenantId }));
