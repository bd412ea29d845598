import type { Db } from "../db/client";
import { describeUserAgent } from "./describe-user-agent";
import type { TenantPolicy } from "../tenants/tenant-policy";

export type FindSessionsOptions = {
  db: Db;
  tenantId: string;
  userId: string;
  currentSessionId: string;
  policy: TenantPolicy;
};

/** The user's live sessions for the devices page, current one first. */
export async function findSessions(options: FindSessionsOptions) {
  const { db, tenantId, userId, currentSessionId, policy } = options;
  const now = Date.now();
  const idleCutoff = new Date(now - policy.sessions.idleMinutes * 60_000);
  const sessions = await db.session.findMany({
    where: { tenantId, userId, revokedAt: null, expiresAt: { gt: new Date(now) }, lastSeenAt: { gt: idleCutoff } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true, methods: true },
  });
  return sessions
    .map((session) => ({
      id: session.id,
      ...describeUserAgent(session.userAgent),
      ip: session.ip,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      methods: session.methods,
      isCurrent: session.id === currentSessionId,
    }))
    .sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
}
