import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { SqlClient } from "../db/prepared-statement";
import { touchKnownDevice } from "../devices/touch-known-device";
import { createSession } from "../sessions/create-session";
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

/**
 * `establishSession` for its common case, on prepared statements (the sign-in hot path): a
 * browser whose device cookie belongs to this user, nothing to remember, so no notice to mail.
 * The same rows as `establishSession`: the device marked seen, the session, the audit event.
 * Returns null, having written nothing, when the device is not known; the caller then rolls back
 * and takes `establishSession`.
 */
export async function establishSessionOnKnownDevice(options: EstablishSessionOnKnownDeviceOptions): Promise<EstablishedSession | null> {
  const { sql, tenant, user, methods, deviceToken, context } = options;
  const device = await touchKnownDevice({ sql, tenantId: tenant.id, userId: user.id, deviceToken, context });
  if (!device) return null;
  const session = await createSession({ sql, tenantId: tenant.id, userId: user.id, policy: tenant.policy, context, methods, deviceId: device.id });
  await recordAuditEvent({
    sql,
    tenantId: tenant.id,
    userId: user.id,
    actor: { type: "user", id: user.id },
    type: "account.signed_in",
    context,
    data: { sessionId: session.sessionId, methods },
  });
  return { userId: user.id, sessionId: session.sessionId, sessionToken: session.token, expiresAt: session.expiresAt, deviceToken: null };
}
