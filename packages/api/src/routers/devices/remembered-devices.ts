import { z } from "zod";
import { findRememberedDevices, forgetDevice } from "@rekey/core";
import { sessionProcedure } from "../../trpc";

export const listRememberedDevices = sessionProcedure
  .output(z.array(z.object({ id: z.string(), browser: z.string(), os: z.string(), deviceType: z.string(), ip: z.string(), lastSeenAt: z.date(), trustedUntil: z.date() })))
  .query(({ ctx }) => findRememberedDevices({ db: ctx.db, tenantId: ctx.tenant.id, userId: ctx.session.userId }));

export const forgetRememberedDevice = sessionProcedure
  .input(z.object({ deviceId: z.string().min(1).max(64) }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await forgetDevice({ db: ctx.db, tenantId: ctx.tenant.id, userId: ctx.session.userId, deviceId: input.deviceId, context: ctx.request });
    return { ok: true as const };
  });
