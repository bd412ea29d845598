import { getDb } from "@rekey/core/db";
import { createTestUser } from "@rekey/core/testing";
import type { ApiKeyScope, AuditEventType, Tenant } from "@rekey/core";
import { signedInCaller } from "./support";
import { makeApiKey, tenantById, tenantCaller } from "./tenant-api-fixtures";
import { ownerWithTotp } from "./trusted-contacts-fixtures";

// Fixtures for the tenant API's user, session and recovery-code procedures: a tenant with a key,
// people signed in through the hosted api (real sessions with a browser), and what the procedures
// write (audit rows, a snapshot of a tenant's rows for "nothing changed").

export type TenantWithKey = { tenant: Tenant; key: string; apiKeyId: string; api: Awaited<ReturnType<typeof tenantCaller>> };

/** A new tenant and a key with every scope (or `scopes`), with its caller. */
export async function tenantWithKey(scopes?: ApiKeyScope[]): Promise<TenantWithKey> {
  const made = await makeApiKey(scopes ? { scopes } : {});
  return { tenant: await tenantById(made.tenantId), key: made.key, apiKeyId: made.apiKeyId, api: await tenantCaller(made.key) };
}

/** A person of the tenant signed in with their password on the hosted pages. */
export async function signedInUser(tenant: Tenant, overrides: { email?: string; name?: string } = {}) {
  const user = await createTestUser(tenant.id, overrides);
  const { caller, sessionToken } = await signedInCaller(tenant, user);
  const session = await getDb().session.findFirstOrThrow({ where: { userId: user.id, revokedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true } });
  return { user, caller, sessionToken, sessionId: session.id };
}

/** A person with an authenticator app and saved recovery codes (2FA on), signed in with both. */
export { ownerWithTotp as userWithTwoFactor };

export async function auditRows(tenantId: string, type: AuditEventType) {
  return getDb().auditEvent.findMany({ where: { tenantId, type }, orderBy: { createdAt: "asc" }, select: { userId: true, actorType: true, actorId: true, data: true } });
}

/**
 * What the tenant API's writes could change in a tenant, row by row where it matters: S30's
 * "malformed input changes nothing" and S28's "another tenant's call changes nothing" compare two
 * of these.
 */
export async function tenantSnapshot(tenantId: string) {
  const db = getDb();
  const [users, sessions, codeSets, tokens, audit, outbox] = await Promise.all([
    db.user.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { id: true, email: true, name: true, disabledAt: true, updatedAt: true } }),
    db.session.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { id: true, revokedAt: true } }),
    db.recoveryCodeSet.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { id: true, replacedAt: true } }),
    db.emailToken.findMany({ where: { tenantId }, orderBy: { id: "asc" }, select: { id: true, usedAt: true } }),
    db.auditEvent.count({ where: { tenantId } }),
    db.outboxMessage.count({ where: { tenantId } }),
  ]);
  return { users, sessions, codeSets, tokens, audit, outbox };
}
