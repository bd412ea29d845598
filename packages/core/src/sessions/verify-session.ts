import { getPool, type Db } from "../db/client";
import { runPrepared, type PreparedStatement } from "../db/prepared-statement";
import { hashToken } from "../crypto/tokens";
import type { TenantPolicy } from "../tenants/tenant-policy";

// Checked on every request (S10, S11): revoked, past its absolute end, or idle too long means
// signed out. lastSeenAt is refreshed at most once a minute so reads do not turn into writes.
const touchIntervalMs = 60_000;

export type VerifiedSession = {
  sessionId: string;
  tenantId: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** Sign-in or the last step-up; sensitive changes need it recent (S12). */
  authenticatedAt: Date;
  methods: string[];
  deviceId: string | null;
  /** Signed in with the last recovery code: owes a new set (see session-restriction.ts). */
  recoveryCodesDue: boolean;
  /** Made by an account recovery: owes a new second factor (see session-restriction.ts). */
  secondFactorDue: boolean;
  /** A staff session's own idle limit (shorter than the tenant's), or null. */
  idleMinutes: number | null;
  user: { id: string; email: string; name: string };
};

export type VerifySessionOptions = {
  db: Db;
  tenantId: string;
  policy: TenantPolicy;
  token: string;
  now?: Date;
  /**
   * The tenant API's `sessions.verify` accepts a session handed to a tenant app (`handedOff`); the
   * hosted pages, whose cookie this is otherwise, do not.
   */
  acceptHandedOff?: boolean;
};

type SessionRow = {
  id: string;
  tenantId: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  userDisabled: boolean;
  handedOff: boolean;
  authenticatedAt: Date;
  methods: string[];
  deviceId: string | null;
  recoveryCodesDue: boolean;
  secondFactorDue: boolean;
  idleMinutes: number | null;
  userEmail: string;
  userName: string;
};

// Every request runs this, so it is one named prepared statement on the pg pool rather than a
// Prisma query (docs/decisions.md, "Hot path on prepared statements"). The rare touch stays Prisma.
const findStatement: PreparedStatement = {
  name: "rekey_session_verify",
  text: `SELECT s.id, s."tenantId", s."userId", s."createdAt", s."expiresAt", s."lastSeenAt", s."revokedAt", s."authenticatedAt", s.methods, s."deviceId",
      s."recoveryCodesDue", s."secondFactorDue", s."idleMinutes", s."handedOff", u.email AS "userEmail", u.name AS "userName",
      u."disabledAt" IS NOT NULL AS "userDisabled"
    FROM "session" s JOIN "user" u ON u.id = s."userId"
    WHERE s."tokenHash" = $1::text`,
};

export async function verifySession(options: VerifySessionOptions): Promise<VerifiedSession | null> {
  const { db, tenantId, policy, token, now = new Date(), acceptHandedOff = false } = options;
  if (!token || token.length > 200) return null;
  const [session] = await runPrepared<SessionRow>(getPool(), findStatement, [hashToken(token)]);
  // A session of another tenant is no session here, nor is one of an account the tenant disabled.
  if (!session || session.tenantId !== tenantId || session.revokedAt || session.userDisabled) return null;
  if (session.handedOff && !acceptHandedOff) return null;
  if (session.expiresAt <= now) return null;
  const idleLimit = Math.min(policy.sessions.idleMinutes, session.idleMinutes ?? Infinity) * 60_000;
  if (now.getTime() - session.lastSeenAt.getTime() > idleLimit) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > touchIntervalMs) {
    await db.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return {
    sessionId: session.id,
    tenantId: session.tenantId,
    userId: session.userId,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: session.expiresAt,
    authenticatedAt: session.authenticatedAt,
    methods: session.methods,
    deviceId: session.deviceId,
    recoveryCodesDue: session.recoveryCodesDue,
    secondFactorDue: session.secondFactorDue,
    idleMinutes: session.idleMinutes,
    user: { id: session.userId, email: session.userEmail, name: session.userName },
  };
}
