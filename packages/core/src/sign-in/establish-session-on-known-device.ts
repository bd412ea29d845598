import type { RequestContext } from "../audit/request-context";
import { hashToken, newSecretToken } from "../crypto/tokens";
import { runPrepared, type PreparedStatement, type SqlClient } from "../db/prepared-statement";
import { newId } from "../ids";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import type { EstablishedSession, SignInMethod } from "./establish-session";

export type EstablishSessionOnKnownDeviceOptions = {
  /** A pooled client inside `withSqlTransaction`. */
  sql: SqlClient;
  tenant: Tenant;
  user: { id: string; email: string };
  methods: SignInMethod[];
  deviceToken: string;
  context: RequestContext;
};

// The statements of touchKnownDevice, createSession and recordAuditEvent (the pg version),
// chained in one statement: one round trip instead of three on the sign-in hot path, where each
// round trip costs Node and PostgreSQL CPU on the same cores as the hash (docs/benchmarks.md).
// The session and the audit row are inserted only from the device row the UPDATE returned, so an
// unknown, revoked or foreign device cookie writes nothing and returns no row. Keep the three in
// step with those functions: the tests compare the rows with the Prisma path's.
const establishStatement: PreparedStatement = {
  name: "rekey_known_device_establish",
  text: `WITH device_seen AS (
      UPDATE device SET "lastSeenAt" = $4::timestamptz, ip = $5::text, "userAgent" = $6::text
      WHERE "tokenHash" = $1::text AND "tenantId" = $2::text AND "userId" = $3::text AND "revokedAt" IS NULL
      RETURNING id
    ), new_session AS (
      INSERT INTO "session" (id, "tenantId", "userId", "tokenHash", ip, "userAgent", "expiresAt", methods, "deviceId")
      SELECT $7::text, $2::text, $3::text, $8::text, $5::text, $6::text, $9::timestamptz, $10::text[], device_seen.id FROM device_seen
      RETURNING id, "expiresAt"
    ), audit AS (
      INSERT INTO audit_event (id, "tenantId", "userId", "actorType", "actorId", type, ip, "userAgent", data)
      SELECT $11::text, $2::text, $3::text, 'user', $3::text, 'account.signed_in', $5::text, $6::text, $12::jsonb FROM new_session
    )
    SELECT id, "expiresAt" FROM new_session`,
};

/**
 * `establishSession` for its common case, on one prepared statement (the sign-in hot path): a
 * browser whose device cookie belongs to this user, nothing to remember, so no notice to mail.
 * The same rows as `establishSession`: the device marked seen, the session, the audit event.
 * Returns null, having written nothing, when the device is not known; the caller then rolls back
 * and takes `establishSession`.
 */
export async function establishSessionOnKnownDevice(options: EstablishSessionOnKnownDeviceOptions): Promise<EstablishedSession | null> {
  const { sql, tenant, user, methods, deviceToken, context } = options;
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
  ]);
  if (!session) return null;
  return { userId: user.id, sessionId, sessionToken: token, expiresAt: session.expiresAt, deviceToken: null };
}
