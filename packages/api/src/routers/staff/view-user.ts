import { z } from "zod";
import { getStaffUserView } from "@rekey/core";
import { factorSummaryOutput } from "../../schemas";
import { staffProcedure } from "../../trpc";
import { reasonInput, userIdInput } from "./staff-schemas";

// Picked field by field: the output schema strips anything core might add by mistake, and no
// secret (hash, seed, key, credential id, whole phone number) has a field here (S26).
const userViewOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: z.date(),
  emailVerified: z.boolean(),
  highValue: z.boolean(),
  tenant: z.object({ id: z.string(), name: z.string() }),
  recentSignIns: z.array(
    z.object({ createdAt: z.date(), lastSeenAt: z.date(), device: z.string(), ip: z.string(), methods: z.array(z.string()), ended: z.boolean() }),
  ),
  factors: z.array(factorSummaryOutput),
  readiness: z.object({ recoveryCodesLeft: z.number().int(), usableTrustedContacts: z.number().int(), openRecoveries: z.number().int() }),
  activity: z.array(
    z.object({ id: z.string(), at: z.date(), type: z.string(), description: z.string(), byStaff: z.boolean(), device: z.string(), ip: z.string() }),
  ),
});

/** An account as support staff may see it (agent or above in its tenant); each look is audited. */
export const viewUser = staffProcedure
  .input(z.object({ userId: userIdInput, reason: reasonInput }))
  .output(userViewOutput)
  .query(({ ctx, input }) => getStaffUserView({ db: ctx.db, staff: ctx.staff, userId: input.userId, reason: input.reason, context: ctx.request }));
