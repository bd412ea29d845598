import { z } from "zod";
import { getAccount } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { userIdInput, userOutput } from "../tenant-api-schemas";

export const getUser = scopedProcedure("users:read")
  .input(z.object({ userId: userIdInput }))
  .output(userOutput)
  .query(({ ctx, input }) => getAccount({ db: ctx.db, tenant: ctx.tenant, userId: input.userId }));
