import { z } from "zod";
import { signUp as signUpAccount } from "@rekey/core";
import { emailInput, nameInput, newPasswordInput, statusOutput } from "../../schemas";
import { tenantProcedure } from "../../trpc";

export const signUpInput = z.object({ name: nameInput, email: emailInput, password: newPasswordInput });

export const signUp = tenantProcedure
  .input(signUpInput)
  .output(statusOutput)
  .mutation(({ ctx, input }) => signUpAccount({ db: ctx.db, tenant: ctx.tenant, ...input, context: ctx.request }));
