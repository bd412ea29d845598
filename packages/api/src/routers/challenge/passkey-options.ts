import { z } from "zod";
import { startPasskeySignIn } from "@rekey/core";
import { tenantProcedure } from "../../trpc";
import { noInput } from "../../schemas";

/** Options for passkey sign-in without a password (a button or browser autofill). */
export const passkeyOptions = tenantProcedure.input(noInput).output(z.record(z.string(), z.unknown())).mutation(async ({ ctx }) => {
  const options = await startPasskeySignIn({ db: ctx.db, tenant: ctx.tenant, context: ctx.request });
  return options as unknown as Record<string, unknown>;
});
