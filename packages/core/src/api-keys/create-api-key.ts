import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { hashToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { requireStaffRole, type Staff } from "../staff/staff-access";
import { staffActor } from "../staff/staff-rules";
import { systemClock, type Clock } from "../clock";
import { apiKeyPrefix, generateApiKey, type ApiKeyEnvironment } from "./api-key-format";
import type { ApiKeyScope } from "./api-key-scopes";
import { toApiKeySummary, apiKeySummarySelect, type ApiKeySummary } from "./find-api-keys";

export type CreateApiKeyOptions = {
  db: Db;
  staff: Staff;
  tenantId: string;
  name: string;
  environment: ApiKeyEnvironment;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  context: RequestContext;
  clock?: Clock;
};

/** Active keys a tenant may hold at once: enough to rotate each of several apps' keys. */
export const maxActiveApiKeys = 20;

/**
 * A tenant admin makes a key. The key is in the answer and nowhere else: only its SHA-256 is stored
 * (S29), and no later call can show it again.
 */
export async function createApiKey(options: CreateApiKeyOptions): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const { db, staff, tenantId, name, environment, scopes, expiresAt, context, clock = systemClock } = options;
  requireStaffRole(staff, tenantId, "admin", "organisation");
  const now = clock.now();
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new AppError("BAD_REQUEST", "Choose an expiry date in the future, or none.");
  }
  const key = generateApiKey(environment);
  return db.$transaction(async (tx) => {
    // The tenant row serialises key creation, so the active-key cap holds under concurrent clicks.
    await tx.$queryRaw`SELECT id FROM tenant WHERE id = ${tenantId} FOR UPDATE`;
    const active = await tx.apiKey.count({ where: { tenantId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
    if (active >= maxActiveApiKeys) {
      throw new AppError("CONFLICT", `This organisation already has ${maxActiveApiKeys} active keys. Revoke one you no longer use first.`);
    }
    const row = await tx.apiKey.create({
      data: {
        id: newId("apiKey"),
        tenantId,
        name,
        environment,
        prefix: apiKeyPrefix(key),
        secretHash: hashToken(key),
        scopes: [...new Set(scopes)],
        createdById: staff.userId,
        createdAt: now,
        expiresAt,
      },
      select: apiKeySummarySelect,
    });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId: null,
      actor: staffActor(staff),
      type: "api_key.created",
      context,
      data: { apiKeyId: row.id, name, prefix: row.prefix, environment, scopes: row.scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { key, apiKey: toApiKeySummary(row, now) };
  });
}
