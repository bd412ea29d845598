import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { hasStaffRole, type Staff } from "../staff/staff-access";
import { staffActor } from "../staff/staff-rules";
import { systemClock, type Clock } from "../clock";

export type RevokeApiKeyOptions = { db: Db; staff: Staff; apiKeyId: string; context: RequestContext; clock?: Clock };

/**
 * Revokes a key at once: the next call that carries it is refused (S29), since every call looks the
 * key up. Revoking a revoked key is a no-op; a key of a tenant the caller is not admin of is not found.
 */
export async function revokeApiKey(options: RevokeApiKeyOptions): Promise<{ apiKeyId: string; revokedAt: Date }> {
  const { db, staff, apiKeyId, context, clock = systemClock } = options;
  return db.$transaction(async (tx) => {
    const [key] = await tx.$queryRaw<{ id: string; tenantId: string; name: string; prefix: string; revokedAt: Date | null }[]>`
      SELECT id, "tenantId", name, prefix, "revokedAt" FROM api_key WHERE id = ${apiKeyId} FOR UPDATE`;
    if (!key || !hasStaffRole(staff, key.tenantId, "admin")) throw new AppError("NOT_FOUND", "No such API key.");
    if (key.revokedAt) return { apiKeyId, revokedAt: key.revokedAt };
    const revokedAt = clock.now();
    await tx.apiKey.update({ where: { id: apiKeyId }, data: { revokedAt, revokedById: staff.userId } });
    await recordAuditEvent({
      db: tx,
      tenantId: key.tenantId,
      userId: null,
      actor: staffActor(staff),
      type: "api_key.revoked",
      context,
      data: { apiKeyId, name: key.name, prefix: key.prefix },
    });
    return { apiKeyId, revokedAt };
  });
}
