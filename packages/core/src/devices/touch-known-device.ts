import type { Connection } from "../db/connection";
import { runPrepared, type PreparedStatement } from "../db/prepared-statement";
import { hashToken } from "../crypto/tokens";
import type { RequestContext } from "../audit/request-context";

export type TouchKnownDeviceOptions = Connection & {
  tenantId: string;
  userId: string;
  /** The device cookie the browser sent. */
  deviceToken: string;
  context: RequestContext;
};

export type KnownDevice = { id: string; isTrusted: boolean };

// The pg path (sign-in hot path), the same statement as the Prisma one below.
const touchStatement: PreparedStatement = {
  name: "rekey_device_touch",
  text: `UPDATE device SET "lastSeenAt" = $4::timestamptz, ip = $5::text, "userAgent" = $6::text
    WHERE "tokenHash" = $1::text AND "tenantId" = $2::text AND "userId" = $3::text AND "revokedAt" IS NULL
    RETURNING id, "trustedUntil"`,
};

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
  const [known] = options.sql
    ? await runPrepared<{ id: string; trustedUntil: Date | null }>(options.sql, touchStatement, [tokenHash, tenantId, userId, now, context.ip, userAgent])
    : await options.db.device.updateManyAndReturn({
        where: { tokenHash, tenantId, userId, revokedAt: null },
        data: { lastSeenAt: now, ip: context.ip, userAgent },
        select: { id: true, trustedUntil: true },
      });
  if (!known) return null;
  return { id: known.id, isTrusted: Boolean(known.trustedUntil && known.trustedUntil > new Date()) };
}
