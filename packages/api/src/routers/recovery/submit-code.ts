import { z } from "zod";
import { submitRelayCode } from "@rekey/core";
import { relayCodeInput } from "../../schemas";
import { tenantProcedure } from "../../trpc";
import { recoveryViewOutput, requireRecoveryToken } from "./recovery-view";

export const submitCode = tenantProcedure
  .input(z.object({ code: relayCodeInput }))
  .output(recoveryViewOutput)
  .mutation(({ ctx, input }) =>
    submitRelayCode({ db: ctx.db, tenant: ctx.tenant, token: requireRecoveryToken(ctx.recoveryToken), code: input.code, context: ctx.request }),
  );
