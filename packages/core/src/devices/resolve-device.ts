import type { DbOrTx } from "../db/client";
import { hashToken, newSecretToken } from "../crypto/tokens";
import type { RequestContext } from "../audit/request-context";
import { newId } from "../ids";
import { touchKnownDevice } from "./touch-known-device";

export type ResolvedDevice = {
  id: string;
  /** Set only when a new device was created: the browser must store it (HttpOnly cookie). */
  newToken: string | null;
  /** The user had signed in from other devices before this new one (worth a notice). */
  isNewForKnownUser: boolean;
  isTrusted: boolean;
};

export type ResolveDeviceOptions = {
  db: DbOrTx;
  tenantId: string;
  userId: string;
  /** The device cookie the browser sent, if any. */
  deviceToken: string | null;
  context: RequestContext;
};

/**
 * The browser a sign-in comes from. A device cookie belongs to one user: another user signing in
 * on the same browser gets a device of their own, and a revoked device is treated as unknown.
 */
export async function resolveDevice(options: ResolveDeviceOptions): Promise<ResolvedDevice> {
  const { db, tenantId, userId, deviceToken, context } = options;
  if (deviceToken) {
    const known = await touchKnownDevice({ db, tenantId, userId, deviceToken, context });
    if (known) return { id: known.id, newToken: null, isNewForKnownUser: false, isTrusted: known.isTrusted };
  }
  const hadDevices = (await db.device.count({ where: { tenantId, userId } })) > 0;
  const token = newSecretToken();
  const device = await db.device.create({
    data: { id: newId("device"), tenantId, userId, tokenHash: hashToken(token), ip: context.ip, userAgent: context.userAgent.slice(0, 512) },
    select: { id: true },
  });
  return { id: device.id, newToken: token, isNewForKnownUser: hadDevices, isTrusted: false };
}
