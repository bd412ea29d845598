import { z } from "zod";
import { findStaffActions } from "@rekey/core";
import { rowIdInput } from "../../schemas";
import { staffProcedure } from "../../trpc";
import { tenantIdInput } from "./staff-schemas";

/** The staff-actions log, newest first, 50 a page; leads and admins, for the tenants they lead. */
export const listActions = staffProcedure
  .input(z.object({ tenantId: tenantIdInput.optional(), cursor: rowIdInput.optional() }).optional())
  .output(
    z.object({
      actions: z.array(
        z.object({
          id: z.string(),
          at: z.date(),
          tenant: z.object({ id: z.string(), name: z.string() }),
          staff: z.object({ name: z.string(), email: z.string() }),
          type: z.string(),
          description: z.string(),
          reason: z.string().nullable(),
          subjectEmail: z.string().nullable(),
        }),
      ),
      nextCursor: z.string().nullable(),
    }),
  )
  .query(({ ctx, input }) => findStaffActions({ db: ctx.db, staff: ctx.staff, tenantId: input?.tenantId, after: input?.cursor }));
