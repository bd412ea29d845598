import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";

export type ForgetDeviceOptions = { db: Db; tenantId: string; userId: string; deviceId: string; context: RequestContext };

/** Stops a remembered browser from skipping the second factor. */
export async function forgetDevice(options: ForgetDeviceOptions) {
  const { db, tenantId, userId, deviceId, context } = options;
  await db.$transaction(async (tx) => {
    const { count } = await tx.device.updateMany({
      where: { id: deviceId, tenantId, userId, trustedUntil: { not: null } },
      data: { trustedUntil: null },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "That browser is not remembered.");
    await recordAuditEvent({ db: tx, tenantId, userId, actor: { type: "user", id: userId }, type: "device.forgotten", context, data: { deviceId } });
  });
}
