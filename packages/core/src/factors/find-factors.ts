import type { Db } from "../db/client";
import { maskPhoneNumber } from "../sms/mask-phone-number";

export type FindFactorsOptions = { db: Db; tenantId: string; userId: string };

/** The user's active second factors for the security page. Nothing secret leaves this function. */
export async function findFactors(options: FindFactorsOptions) {
  const { db, tenantId, userId } = options;
  const factors = await db.factor.findMany({
    where: { tenantId, userId, activatedAt: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { id: true, type: true, name: true, createdAt: true, lastUsedAt: true, phoneE164: true, isPasskey: true },
  });
  return factors.map((factor) => ({
    id: factor.id,
    type: factor.type,
    name: factor.name,
    createdAt: factor.createdAt,
    lastUsedAt: factor.lastUsedAt,
    isPasskey: factor.isPasskey,
    maskedPhone: factor.phoneE164 ? maskPhoneNumber(factor.phoneE164) : null,
  }));
}
