import type { Db } from "../db/client";

export type FindUserActivityOptions = {
  db: Db;
  tenantId: string;
  userId: string;
  /** Newest first; `before` is the createdAt of the last event already shown. */
  before?: Date;
  limit?: number;
};

export async function findUserActivity(options: FindUserActivityOptions) {
  const { db, tenantId, userId, before, limit = 50 } = options;
  return db.auditEvent.findMany({
    where: { tenantId, userId, ...(before ? { createdAt: { lt: before } } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(limit, 200),
    select: { id: true, type: true, ip: true, userAgent: true, createdAt: true, data: true, actorType: true },
  });
}
