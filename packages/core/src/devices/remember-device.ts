import type { DbOrTx } from "../db/client";

export type RememberDeviceOptions = { db: DbOrTx; deviceId: string; days: number };

/** "Remember this browser": it may skip the second factor until the returned time. */
export async function rememberDevice(options: RememberDeviceOptions): Promise<Date | null> {
  const { db, deviceId, days } = options;
  if (days <= 0) return null;
  const trustedUntil = new Date(Date.now() + days * 24 * 60 * 60_000);
  await db.device.update({ where: { id: deviceId }, data: { trustedUntil } });
  return trustedUntil;
}
