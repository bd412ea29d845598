import type { Db } from "../db/client";
import { describeUserAgent } from "../sessions/describe-user-agent";

export type FindRememberedDevicesOptions = { db: Db; tenantId: string; userId: string };

/** Browsers that currently skip the second factor, for the devices page. */
export async function findRememberedDevices(options: FindRememberedDevicesOptions) {
  const { db, tenantId, userId } = options;
  const devices = await db.device.findMany({
    where: { tenantId, userId, revokedAt: null, trustedUntil: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ip: true, lastSeenAt: true, trustedUntil: true },
  });
  return devices.map((device) => ({
    id: device.id,
    ...describeUserAgent(device.userAgent),
    ip: device.ip,
    lastSeenAt: device.lastSeenAt,
    trustedUntil: device.trustedUntil!,
  }));
}
