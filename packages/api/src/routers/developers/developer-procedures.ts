import { z } from "zod";
import { requireStaffRole } from "@rekey/core";
import { staffProcedure, staffStepUpProcedure } from "../../trpc";
import { tenantIdInput } from "./developer-schemas";

// The Developers page's procedures act in one organisation, named by `tenantId`, and only for its
// admins: anyone else gets the answer a missing organisation gets (S28), before any row is read.
// The webhook functions in core take a tenant and an actor (the tenant API calls them too), so the
// staff role is checked here, once for every procedure. `ctx.actor` is the audit actor.

function asTenantAdmin(procedure: typeof staffProcedure) {
  return procedure.input(z.object({ tenantId: tenantIdInput })).use(({ ctx, input, next }) => {
    requireStaffRole(ctx.staff, input.tenantId, "admin", "organisation");
    return next({ ctx: { actor: { type: "staff" as const, id: ctx.staff.userId } } });
  });
}

/** Reads of an organisation's developer settings. */
export const tenantAdminProcedure = asTenantAdmin(staffProcedure);

/** Changes, after a fresh step-up (S12). */
export const tenantAdminChangeProcedure = asTenantAdmin(staffStepUpProcedure);
