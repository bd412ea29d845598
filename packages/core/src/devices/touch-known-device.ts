import type { DbOrTx } from "../db/client";
import { hashToken } from "../crypto/tokens";
import type { RequestContext } from "../audit/request-context";

export type TouchKnownDeviceOptions = {
  db: DbOrTx;
  tenantId: string;
  userId: string;
  /** The device cookie the browser sent. */
  deviceToken: string;
  context: RequestContext;
};

export type KnownDevice = { id: string; isTrusted: boolean };

/**
 * This user's live device with this cookie, marked seen, in one statement; null when the cookie
 * is unknown, revoked, of another user or another tenant.
 */
export async function touchKnownDevice(options: TouchKnownDeviceOptions): Promise<KnownDevice | null> {
  const { tenantId, userId, deviceToken, context } = options;
  if (deviceToken.length > 200) return null;
  const now = new Date();
  const tokenHash = hashToken(deviceToken);
  const userAgent = context.userAgent.slice(0, 512);
  const [known] = await options.db.device.updateManyAndReturn({
    where: { tokenHash, tenantId, userId, revokedAt: null },
    data: { lastSeenAt: now, ip: context.ip, userAgent },
    select: { id: true, trustedUntil: true },
  });
  if (!known) return null;
  return { id: known.id, isTrusted: Boolean(known.trustedUntil && known.trustedUntil > new Date()) };
}
