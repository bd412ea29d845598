import type { Db } from "../db/client";
import { hashToken } from "../crypto/tokens";
import type { TenantPolicy } from "../tenants/tenant-policy";

// Checked on every request (S10, S11): revoked, past its absolute end, or idle too long means
// signed out. lastSeenAt is refreshed at most once a minute so reads do not turn into writes.
const touchIntervalMs = 60_000;

export type VerifiedSession = {
  sessionId: string;
  tenantId: string;
  userId: string;
  expiresAt: Date;
  /** Sign-in or the last step-up; sensitive changes need it recent (S12). */
  authenticatedAt: Date;
  methods: string[];
  deviceId: string | null;
  user: { id: string; email: string; name: string };
};

export type VerifySessionOptions = {
  db: Db;
  tenantId: string;
  policy: TenantPolicy;
  token: string;
  now?: Date;
};

export async function verifySession(options: VerifySessionOptions): Promise<VerifiedSession | null> {
  const { db, tenantId, policy, token, now = new Date() } = options;
  if (!token || token.length > 200) return null;
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      tenantId: true,
      userId: true,
      expiresAt: true,
      lastSeenAt: true,
      revokedAt: true,
      authenticatedAt: true,
      methods: true,
      deviceId: true,
      user: { select: { id: true, email: true, name: true } },
    },
  });
  // A session of another tenant is no session here.
  if (!session || session.tenantId !== tenantId || session.revokedAt) return null;
  if (session.expiresAt <= now) return null;
  const idleLimit = policy.sessions.idleMinutes * 60_000;
  if (now.getTime() - session.lastSeenAt.getTime() > idleLimit) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > touchIntervalMs) {
    await db.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return {
    sessionId: session.id,
    tenantId: session.tenantId,
    userId: session.userId,
    expiresAt: session.expiresAt,
    authenticatedAt: session.authenticatedAt,
    methods: session.methods,
    deviceId: session.deviceId,
    user: session.user,
  };
}
