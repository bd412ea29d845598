import type { RequestContext } from "../audit/request-context";
import type { AuditActor } from "../audit/record-audit-event";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { hashToken } from "../crypto/tokens";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { createSession } from "./create-session";
import { authenticationLevel, type InspectedSession } from "./inspect-session";
import { sessionRestriction } from "./session-restriction";

export type ExchangeSessionHandoffOptions = {
  db: Db;
  /** The tenant of the API key that calls: only its own codes exist for it (S28). */
  tenant: Tenant;
  code: string;
  /** Who exchanges: the tenant app's API key. */
  actor: AuditActor;
  /** The tenant app's server request (audit row). */
  context: RequestContext;
  clock?: Clock;
};

export type ExchangedSession = { token: string; session: Extract<InspectedSession, { active: true }> };

type HostedSessionRow = {
  id: string;
  userId: string;
  ip: string;
  userAgent: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  authenticatedAt: Date;
  revokedAt: Date | null;
  methods: string[];
  deviceId: string | null;
  recoveryCodesDue: boolean;
  secondFactorDue: boolean;
  idleMinutes: number | null;
  email: string;
  name: string;
  userDisabled: boolean;
};

const unknownCode = () => new AppError("NOT_FOUND", "That sign-in code is not known. Send the person back to sign in.");
const hostedSessionEnded = () =>
  new AppError("UNAUTHENTICATED", "The sign-in this code came from has ended (signed out, revoked or expired). Send the person back to sign in.");

/**
 * A tenant app's server turns the one-time code from the hosted sign-in's redirect
 * (create-session-handoff.ts) into a session of its own. The code is consumed by one conditional
 * UPDATE ... RETURNING (unused, unexpired, this tenant's), so of any number of concurrent
 * exchanges exactly one gets a session. A code of another tenant answers like an unknown one
 * (S28); a used or expired code is refused saying so. The hosted session must still be live:
 * the new session copies its methods, its last proof of presence and its absolute end (a chain
 * of handoffs never outlives the sign-in), and gets its own token.
 */
export async function exchangeSessionHandoff(options: ExchangeSessionHandoffOptions): Promise<ExchangedSession> {
  const { db, tenant, code, actor, context, clock = systemClock } = options;
  if (!code || code.length > 200) throw unknownCode();
  const codeHash = hashToken(code);
  const now = clock.now();
  // Timestamps are UTC in timestamp(3) columns; the clock's time goes in the same way.
  const nowUtc = now.toISOString();

  const outcome = await db.$transaction(async (tx) => {
    const [claimed] = await tx.$queryRaw<{ id: string; sessionId: string; returnOrigin: string }[]>`
      UPDATE session_handoff SET "usedAt" = (${nowUtc}::timestamptz AT TIME ZONE 'UTC')
      WHERE "codeHash" = ${codeHash} AND "tenantId" = ${tenant.id}
        AND "usedAt" IS NULL AND "expiresAt" > (${nowUtc}::timestamptz AT TIME ZONE 'UTC')
      RETURNING id, "sessionId", "returnOrigin"`;
    if (!claimed) {
      const known = await tx.sessionHandoff.findFirst({ where: { codeHash, tenantId: tenant.id }, select: { usedAt: true } });
      if (!known) return { refused: unknownCode() };
      return {
        refused: new AppError(
          "TOKEN_INVALID",
          known.usedAt ? "That sign-in code was already used: each code works once." : "That sign-in code has expired: codes work for a minute.",
        ),
      };
    }

    // The account is locked before the session row, in the order a disable or "sign out
    // everywhere" takes them (the other order could deadlock with them).
    await tx.$queryRaw`
      SELECT u.id FROM "user" u JOIN "session" s ON s."userId" = u.id
      WHERE s.id = ${claimed.sessionId} AND u."tenantId" = ${tenant.id} FOR KEY SHARE OF u`;
    // Locked, so a sign-out of the hosted session either lands first (and is seen here) or waits.
    const [hosted] = await tx.$queryRaw<HostedSessionRow[]>`
      SELECT s.id, s."userId", s.ip, s."userAgent", s."createdAt", s."lastSeenAt", s."expiresAt", s."authenticatedAt", s."revokedAt",
        s.methods, s."deviceId", s."recoveryCodesDue", s."secondFactorDue", s."idleMinutes",
        u.email, u.name, u."disabledAt" IS NOT NULL AS "userDisabled"
      FROM "session" s JOIN "user" u ON u.id = s."userId"
      WHERE s.id = ${claimed.sessionId} AND s."tenantId" = ${tenant.id}
      FOR UPDATE OF s`;
    // The code stays used either way (this transaction commits): a refused code is never retried.
    if (!hosted || !isLive(hosted, tenant, now)) return { refused: hostedSessionEnded() };
    if (sessionRestriction(hosted, tenant.policy)) {
      return { refused: new AppError("SETUP_REQUIRED", "The person must finish setting up their account on the sign-in pages first.") };
    }

    // The new session is the person's browser's, like the hosted one: the devices page shows
    // that browser, not the tenant app's server that made the call.
    const created = await createSession({
      db: tx,
      tenantId: tenant.id,
      userId: hosted.userId,
      policy: tenant.policy,
      context: { ip: hosted.ip, userAgent: hosted.userAgent },
      methods: hosted.methods,
      deviceId: hosted.deviceId,
      expiresAt: hosted.expiresAt,
      recoveryCodesDue: hosted.recoveryCodesDue,
      secondFactorDue: hosted.secondFactorDue,
    });
    const row = await tx.session.update({
      where: { id: created.sessionId },
      data: { authenticatedAt: hosted.authenticatedAt, createdAt: now, lastSeenAt: now, handedOff: true },
      select: { createdAt: true, lastSeenAt: true, expiresAt: true, authenticatedAt: true },
    });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: hosted.userId,
      actor,
      type: "session.handed_off",
      context,
      data: { sessionId: created.sessionId, fromSessionId: hosted.id, handoffId: claimed.id, returnOrigin: claimed.returnOrigin },
    });
    const session: ExchangedSession["session"] = {
      active: true,
      sessionId: created.sessionId,
      userId: hosted.userId,
      tenantId: tenant.id,
      email: hosted.email,
      name: hosted.name,
      methods: hosted.methods,
      level: authenticationLevel(hosted),
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      authenticatedAt: row.authenticatedAt,
      expiresAt: row.expiresAt,
      restriction: null,
    };
    return { exchanged: { token: created.token, session } };
  });

  if (outcome.refused) throw outcome.refused;
  return outcome.exchanged;
}

/** The same rules as verify-session.ts, on a row read by id (S10, S11). */
function isLive(session: HostedSessionRow, tenant: Tenant, now: Date): boolean {
  if (session.revokedAt || session.userDisabled) return false;
  if (session.expiresAt <= now) return false;
  const idleLimit = Math.min(tenant.policy.sessions.idleMinutes, session.idleMinutes ?? Infinity) * 60_000;
  return now.getTime() - session.lastSeenAt.getTime() <= idleLimit;
}
