import type { RequestContext } from "../audit/request-context";
import { hashToken, newSecretToken } from "../crypto/tokens";
import { runPrepared, type PreparedStatement, type SqlClient } from "../db/prepared-statement";
import { newId } from "../ids";
import { staffIdleMinutes } from "../staff/staff-access";
import { settleSucceededSql, throttleKeyOf, type SignInThrottleKey } from "../rate-limit/sign-in-throttle";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import type { EstablishedSession, SignInMethod } from "./establish-session";

export type EstablishSessionOnKnownDeviceOptions = {
  /** The pool: one statement, atomic on its own, needs no transaction around it. */
  sql: SqlClient;
  /** The admitted sign-in attempt, settled as succeeded by the same statement. */
  throttleKey: SignInThrottleKey;
  tenant: Tenant;
  user: { id: string; email: string };
  methods: SignInMethod[];
  deviceToken: string;
  context: RequestContext;
};

// The throttle's success settle and the statements of touchKnownDevice, createSession and
// recordAuditEvent (the pg version), chained in one statement: one round trip on the sign-in hot
// path instead of six (BEGIN, the four, COMMIT), where each round trip costs Node and PostgreSQL
// CPU on the same cores as the hash (docs/benchmarks.md). The settle, the session and the audit
// row are written only if the device UPDATE returned a row, so an unknown, revoked or foreign
// device cookie writes nothing and returns no row, and the caller's fallback settles the attempt
// once. Keep the four in step with those functions: the tests compare the rows with the Prisma
// path's. The owner signing in also cancels an open account recovery, as establishSession does
// (at most one is open, so one audit id is enough), and an open support ticket (one live per account)
// with its recovery link, as cancelOpenRecoveries does. An account its tenant disabled (even a
// moment ago, after the password was checked) writes nothing here, as createSession would refuse
// it; the lock is createSession's too (accounts/assert-account-enabled.ts).
const establishStatement: PreparedStatement = {
  name: "rekey_known_device_establish",
  text: `WITH account AS (
      SELECT id FROM "user" WHERE id = $3::text AND "tenantId" = $2::text AND "disabledAt" IS NULL FOR KEY SHARE
    ), device_seen AS (
      UPDATE device SET "lastSeenAt" = $4::timestamptz, ip = $5::text, "userAgent" = $6::text
      WHERE "tokenHash" = $1::text AND "tenantId" = $2::text AND "userId" = $3::text AND "revokedAt" IS NULL
        AND EXISTS (SELECT 1 FROM account)
      RETURNING id
    ), attempt_settled AS (
      ${settleSucceededSql("$13::text", "EXISTS (SELECT 1 FROM device_seen)")}
    ), new_session AS (
      INSERT INTO "session" (id, "tenantId", "userId", "tokenHash", ip, "userAgent", "expiresAt", methods, "deviceId", "idleMinutes")
      SELECT $7::text, $2::text, $3::text, $8::text, $5::text, $6::text, $9::timestamptz, $10::text[], device_seen.id,
        (SELECT ${staffIdleMinutes} FROM staff_member WHERE "userId" = $3::text LIMIT 1) FROM device_seen
      RETURNING id, "expiresAt"
    ), audit AS (
      INSERT INTO audit_event (id, "tenantId", "userId", "actorType", "actorId", type, ip, "userAgent", data)
      SELECT $11::text, $2::text, $3::text, 'user', $3::text, 'account.signed_in', $5::text, $6::text, $12::jsonb FROM new_session
    ), recovery_cancelled AS (
      UPDATE contact_recovery SET status = 'cancelled', "endedAt" = $4::timestamptz
      WHERE "tenantId" = $2::text AND "userId" = $3::text AND status = 'open' AND EXISTS (SELECT 1 FROM new_session)
      RETURNING id
    ), recovery_audit AS (
      INSERT INTO audit_event (id, "tenantId", "userId", "actorType", "actorId", type, ip, "userAgent", data)
      SELECT $14::text, $2::text, $3::text, 'user', $3::text, 'recovery.cancelled', $5::text, $6::text,
        jsonb_build_object('recoveryId', id, 'reason', 'owner_signed_in') FROM recovery_cancelled
    ), ticket_cancelled AS (
      UPDATE support_ticket SET status = 'cancelled', "endedAt" = $4::timestamptz, "endReason" = 'owner_signed_in'
      WHERE "tenantId" = $2::text AND "userId" = $3::text AND status IN ('open', 'approved') AND EXISTS (SELECT 1 FROM new_session)
      RETURNING id
    ), ticket_audit AS (
      INSERT INTO audit_event (id, "tenantId", "userId", "actorType", "actorId", type, ip, "userAgent", data)
      SELECT $15::text, $2::text, $3::text, 'user', $3::text, 'support.ticket_cancelled', $5::text, $6::text,
        jsonb_build_object('ticketId', id, 'reason', 'owner_signed_in') FROM ticket_cancelled
    ), ticket_link_killed AS (
      UPDATE email_token SET "usedAt" = $4::timestamptz
      WHERE "tenantId" = $2::text AND "userId" = $3::text AND purpose = 'support_recovery' AND "usedAt" IS NULL
        AND EXISTS (SELECT 1 FROM ticket_cancelled)
    )
    SELECT id, "expiresAt" FROM new_session`,
};

/**
 * `establishSession` for its common case, on one prepared statement (the sign-in hot path): a
 * browser whose device cookie belongs to this user, nothing to remember, so no notice to mail.
 * The same rows as settling the attempt and `establishSession`: the throttle cleared, the device
 * marked seen, the session, the audit event. Returns null, having written nothing (the attempt
 * still unsettled), when the device is not known; the caller then settles and takes
 * `establishSession`.
 */
export async function establishSessionOnKnownDevice(options: EstablishSessionOnKnownDeviceOptions): Promise<EstablishedSession | null> {
  const { sql, throttleKey, tenant, user, methods, deviceToken, context } = options;
  if (deviceToken.length > 200) return null;
  const token = newSecretToken();
  const sessionId = newId("session");
  const userAgent = context.userAgent.slice(0, 512);
  const [session] = await runPrepared<{ id: string; expiresAt: Date }>(sql, establishStatement, [
    hashToken(deviceToken),
    tenant.id,
    user.id,
    new Date(),
    context.ip,
    userAgent,
    sessionId,
    hashToken(token),
    new Date(Date.now() + tenant.policy.sessions.absoluteMinutes * 60_000),
    methods,
    newId("auditEvent"),
    JSON.stringify({ sessionId, methods }),
    throttleKeyOf(throttleKey),
    newId("auditEvent"),
    newId("auditEvent"),
  ]);
  if (!session) return null;
  return { userId: user.id, sessionId, sessionToken: token, expiresAt: session.expiresAt, deviceToken: null };
}
