import type { Db } from "../db/client";
import { requireStaffRole, type Staff } from "../staff/staff-access";
import { systemClock, type Clock } from "../clock";
import type { ApiKeyEnvironment } from "./api-key-format";

export type ApiKeyStatus = "active" | "expired" | "revoked";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  environment: ApiKeyEnvironment;
  scopes: string[];
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: ApiKeyStatus;
};

export const apiKeySummarySelect = {
  id: true,
  name: true,
  prefix: true,
  environment: true,
  scopes: true,
  createdAt: true,
  createdById: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

type SummaryRow = {
  id: string;
  name: string;
  prefix: string;
  environment: ApiKeyEnvironment;
  scopes: string[];
  createdAt: Date;
  createdById: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export function toApiKeySummary(row: SummaryRow, now: Date, createdBy: string | null = null): ApiKeySummary {
  const { createdById: _createdById, ...rest } = row;
  const status: ApiKeyStatus = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active";
  return { ...rest, createdBy, status };
}

export type FindApiKeysOptions = { db: Db; staff: Staff; tenantId: string; clock?: Clock };

/** A tenant's keys for its admins, newest first: never the key, only its prefix. */
export async function findApiKeys(options: FindApiKeysOptions): Promise<ApiKeySummary[]> {
  const { db, staff, tenantId, clock = systemClock } = options;
  requireStaffRole(staff, tenantId, "admin", "organisation");
  const rows = await db.apiKey.findMany({ where: { tenantId }, orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], select: apiKeySummarySelect });
  const creatorIds = [...new Set(rows.map((row) => row.createdById))];
  const creators = await db.user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, email: true } });
  const emailOf = new Map(creators.map((user) => [user.id, user.email]));
  const now = clock.now();
  return rows.map((row) => toApiKeySummary(row, now, emailOf.get(row.createdById) ?? null));
}
