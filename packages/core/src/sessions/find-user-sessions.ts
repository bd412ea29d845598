import type { Db } from "../db/client";
import { systemClock, type Clock } from "../clock";
import { requireTenantAccount } from "../accounts/require-tenant-account";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { describeUserAgent, deviceLabel } from "./describe-user-agent";
import { authenticationLevel, type AuthenticationLevel } from "./inspect-session";

export type FindUserSessionsOptions = { db: Db; tenant: Tenant; userId: string; clock?: Clock };

export type UserSession = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end (S10). */
  expiresAt: Date;
  /** When it ends unless it is used before then (the idle limit, S10); never after `expiresAt`. */
  idleExpiresAt: Date;
  methods: string[];
  level: AuthenticationLevel;
  device: { label: string; browser: string; os: string; type: string };
};

/**
 * The account's live sessions for a tenant app, most recently used first: the same rules as
 * verifySession (not revoked, before its absolute end, not idle too long, account not disabled).
 * Never a token or its hash, and no IP address: a session is named by its id and its browser.
 * An account of another tenant answers as a missing one (S28).
 */
export async function findUserSessions(options: FindUserSessionsOptions): Promise<UserSession[]> {
  const { db, tenant, userId, clock = systemClock } = options;
  const account = await requireTenantAccount({ db, tenantId: tenant.id, userId });
  if (account.disabledAt) return [];
  const now = clock.now();
  const tenantIdleMs = tenant.policy.sessions.idleMinutes * 60_000;
  const rows = await db.session.findMany({
    where: { tenantId: tenant.id, userId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - tenantIdleMs) } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, idleMinutes: true, methods: true, secondFactorDue: true, userAgent: true },
  });
  return rows.flatMap((row) => {
    // A staff session's own, shorter idle limit.
    const idleMs = Math.min(tenantIdleMs, (row.idleMinutes ?? Infinity) * 60_000);
    const idleEnd = row.lastSeenAt.getTime() + idleMs;
    if (idleEnd <= now.getTime()) return [];
    const { browser, os, deviceType } = describeUserAgent(row.userAgent);
    return [
      {
        id: row.id,
        createdAt: row.createdAt,
        lastSeenAt: row.lastSeenAt,
        expiresAt: row.expiresAt,
        idleExpiresAt: new Date(Math.min(idleEnd, row.expiresAt.getTime())),
        methods: row.methods,
        level: authenticationLevel(row),
        device: { label: deviceLabel(row.userAgent), browser, os, type: deviceType },
      },
    ];
  });
}
