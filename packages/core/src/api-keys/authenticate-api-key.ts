import { getPool, type Db } from "../db/client";
import { runPrepared, type PreparedStatement } from "../db/prepared-statement";
import { hashToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import { getTenantBySlug, type Tenant } from "../tenants/get-tenant-by-slug";
import { systemClock, type Clock } from "../clock";
import { parseApiKey, type ApiKeyEnvironment } from "./api-key-format";
import type { ApiKeyScope } from "./api-key-scopes";
import { spendApiKeyBudget } from "./api-key-budget";

/** Who calls the tenant API: one key of one tenant, with its scopes. */
export type ApiPrincipal = {
  apiKeyId: string;
  tenant: Tenant;
  environment: ApiKeyEnvironment;
  scopes: ApiKeyScope[];
};

type KeyRow = {
  id: string;
  tenantSlug: string;
  environment: ApiKeyEnvironment;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

// Every tenant API call runs this, so it is a named prepared statement (like session checks).
const findStatement: PreparedStatement = {
  name: "rekey_api_key_authenticate",
  text: `SELECT k.id, t.slug AS "tenantSlug", k.environment, k.scopes, k."expiresAt", k."revokedAt", k."lastUsedAt"
    FROM api_key k JOIN tenant t ON t.id = k."tenantId"
    WHERE k."secretHash" = $1::text`,
};

const touchStatement: PreparedStatement = {
  name: "rekey_api_key_touch",
  text: `UPDATE api_key SET "lastUsedAt" = $2::timestamp WHERE id = $1::text AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $2::timestamp - interval '1 minute')`,
};

export type AuthenticateApiKeyOptions = { db: Db; authorization: string | null; clock?: Clock };

const unauthorized = (message: string) => new AppError("UNAUTHENTICATED", message);

/**
 * The caller of a tenant API request, from its `Authorization: Bearer rky_...` header. A key that
 * is malformed or fails its checksum is refused before any lookup; a key that is unknown, revoked or
 * expired is refused (S29: nothing caches a key's validity beyond the one HTTP request that carries
 * it). The key's last use is kept to the minute. The call budget is `spendApiKeyCall`'s, per call.
 */
export async function findApiPrincipal(options: AuthenticateApiKeyOptions): Promise<ApiPrincipal> {
  const { db, authorization, clock = systemClock } = options;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) throw unauthorized("Send your API key as `Authorization: Bearer rky_...`.");
  const key = match[1]!;
  if (!parseApiKey(key)) throw unauthorized("That is not a Rekey API key: check it was copied whole.");
  const [row] = await runPrepared<KeyRow>(getPool(), findStatement, [hashToken(key)]);
  if (!row) throw unauthorized("This API key is not recognised.");
  const now = clock.now();
  if (row.revokedAt) throw unauthorized("This API key was revoked. Use a current key from the Developers page.");
  if (row.expiresAt && row.expiresAt <= now) throw unauthorized(`This API key expired on ${row.expiresAt.toISOString().slice(0, 10)}.`);
  const tenant = await getTenantBySlug({ db, slug: row.tenantSlug });
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await runPrepared(getPool(), touchStatement, [row.id, now]);
  }
  return { apiKeyId: row.id, tenant, environment: row.environment, scopes: row.scopes };
}

/** Takes one call from the key's budget a minute (tenant policy `api.requestsPerMinute`). */
export function spendApiKeyCall(principal: ApiPrincipal): Promise<void> {
  return spendApiKeyBudget({ apiKeyId: principal.apiKeyId, limit: principal.tenant.policy.api.requestsPerMinute });
}

/** Refuses a call outside the key's scopes, naming the scope it lacks. */
export function requireApiScope(principal: ApiPrincipal, scope: ApiKeyScope): void {
  if (!principal.scopes.includes(scope)) {
    throw new AppError("FORBIDDEN", `This API key lacks the \`${scope}\` scope. Create a key with it on the Developers page.`, { details: [scope] });
  }
}

/** The audit actor for changes a key makes. */
export function apiKeyActor(principal: ApiPrincipal) {
  return { type: "api_key" as const, id: principal.apiKeyId };
}
