import { z } from "zod";
import { getAccountSecurityStatus } from "@rekey/core";
import { scopedProcedure } from "../../../tenant-trpc";
import { userIdInput } from "../tenant-api-schemas";

// Picked field by field: kinds, names, counts and dates; no phone number, credential id or code.
const securityStatusOutput = z.object({
  userId: z.string(),
  disabled: z.boolean(),
  twoFactorEnabled: z.boolean(),
  factors: z.array(
    z.object({
      id: z.string(),
      type: z.enum(["totp", "sms", "webauthn"]),
      kind: z.string(),
      name: z.string(),
      isPasskey: z.boolean(),
      createdAt: z.date(),
      lastUsedAt: z.date().nullable(),
    }),
  ),
  recoveryCodes: z.object({ hasSet: z.boolean(), style: z.enum(["set", "key"]).nullable(), total: z.number().int(), remaining: z.number().int(), warn: z.boolean() }),
  trustedContacts: z.object({ enabled: z.boolean(), usable: z.number().int(), threshold: z.number().int() }),
  openRecoveries: z.object({ trustedContacts: z.number().int(), support: z.number().int() }),
  recoveryFreezeUntil: z.date().nullable(),
  readiness: z.object({ level: z.union([z.literal(1), z.literal(2), z.literal(3)]), label: z.string(), advice: z.string().nullable() }),
});

/** How ready the account is for the day something is lost, as its security page shows it. */
export const securityStatus = scopedProcedure("users:read")
  .input(z.object({ userId: userIdInput }))
  .output(securityStatusOutput)
  .query(({ ctx, input }) => getAccountSecurityStatus({ db: ctx.db, tenant: ctx.tenant, userId: input.userId }));
