import type { Db } from "../db/client";

export type FindUserActivityOptions = {
  db: Db;
  tenantId: string;
  userId: string;
  /** Newest first; `before` is the last event already shown (time and id, so ties are kept). */
  before?: { createdAt: Date; id: string };
  limit?: number;
};

export async function findUserActivity(options: FindUserActivityOptions) {
  const { db, tenantId, userId, before, limit = 50 } = options;
  return db.auditEvent.findMany({
    where: {
      tenantId,
      userId,
      ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(limit, 200),
    select: { id: true, type: true, ip: true, userAgent: true, createdAt: true, data: true, actorType: true },
  });
}
