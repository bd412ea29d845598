import { z } from "zod";
import { grantStaffRole } from "@rekey/core";
import { emailInput } from "../../schemas";
import { staffStepUpProcedure } from "../../trpc";
import { reasonInput, staffRoleInput, tenantIdInput } from "./staff-schemas";

/** Gives an existing account a role on the tenant's support desk and mails them; admins only. */
export const grant = staffStepUpProcedure
  .input(z.object({ tenantId: tenantIdInput, email: emailInput, role: staffRoleInput, reason: reasonInput }))
  .output(z.object({ memberId: z.string(), userId: z.string() }))
  .mutation(({ ctx, input }) =>
    grantStaffRole({
      db: ctx.db,
      staff: ctx.staff,
      tenantId: input.tenantId,
      homeTenantId: ctx.session.tenantId,
      email: input.email,
      role: input.role,
      reason: input.reason,
      context: ctx.request,
    }),
  );
