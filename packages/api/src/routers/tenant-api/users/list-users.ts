import { z } from "zod";
import { accountPageSize, decodeAccountCursor, findAccounts } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { cursorInput, emailInput, pageLimitInput, userOutput } from "../tenant-api-schemas";

/**
 * The tenant's users, oldest first, `limit` a page (default 50, at most 100). Pass `nextCursor`
 * back as `cursor` for the next page; it is null on the last. `email` finds the one user with that
 * exact address (case and surrounding spaces ignored); it is not a prefix search.
 */
export const listUsers = scopedProcedure("users:read")
  .input(
    z
      .object({
        cursor: cursorInput.refine((cursor) => decodeAccountCursor(cursor) !== null, "That cursor is not valid: pass the nextCursor of the page before, unchanged.").optional(),
        limit: pageLimitInput.default(accountPageSize.default),
        email: emailInput.optional(),
      })
      .default({ limit: accountPageSize.default }),
  )
  .output(z.object({ users: z.array(userOutput), nextCursor: z.string().nullable() }))
  .query(({ ctx, input }) => findAccounts({ db: ctx.db, tenant: ctx.tenant, cursor: input.cursor, limit: input.limit, email: input.email }));
