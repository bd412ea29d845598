import { z } from "zod";
import { apiKeyActor, inviteAccount } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { emailInput, nameInput, userOutput } from "../tenant-api-schemas";

/**
 * Invites a person: an account with no usable password, and a mail with a single-use link to
 * choose one. An address that already has an account answers CONFLICT.
 */
export const createUser = scopedProcedure("users:write")
  .input(z.object({ email: emailInput, name: nameInput }))
  .output(userOutput)
  .mutation(({ ctx, input }) =>
    inviteAccount({ db: ctx.db, tenant: ctx.tenant, email: input.email, name: input.name, actor: apiKeyActor(ctx.principal), context: ctx.request }),
  );
