import { findContactRecovery } from "@rekey/core";
import { tenantProcedure } from "../../trpc";
import { recoveryViewOutput, requireRecoveryToken } from "./recovery-view";

export const recoveryStatus = tenantProcedure
  .output(recoveryViewOutput)
  .query(({ ctx }) => findContactRecovery({ db: ctx.db, tenant: ctx.tenant, token: requireRecoveryToken(ctx.recoveryToken) }));
