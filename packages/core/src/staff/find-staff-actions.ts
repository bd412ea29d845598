import type { DbOrTx } from "../db/client";
import { describeAuditEvent } from "../audit/describe-audit-event";
import { notFoundForStaff, tenantsWithRole, type Staff } from "./staff-access";

export type FindStaffActionsOptions = {
  db: DbOrTx;
  staff: Staff;
  /** One tenant only; it must be one where the caller is lead or admin. */
  tenantId?: string;
  /** The last action already shown (its id); the page continues after it. */
  after?: string;
  limit?: number;
};

export type StaffAction = {
  id: string;
  at: Date;
  tenant: { id: string; name: string };
  staff: { name: string; email: string };
  type: string;
  description: string;
  reason: string | null;
  subjectEmail: string | null;
};

export const staffActionsPageSize = 50;

/**
 * What staff did, newest first, in the tenants where the caller is lead or admin: every staff
 * action is audited (S26), and leads are who reads the log. Anyone else, or a tenant the caller
 * does not lead, gets the missing-tenant answer (S28).
 */
export async function findStaffActions(options: FindStaffActionsOptions): Promise<{ actions: StaffAction[]; nextCursor: string | null }> {
  const { db, staff, tenantId, after, limit = staffActionsPageSize } = options;
  const allowed = tenantsWithRole(staff, "lead");
  const tenantIds = tenantId === undefined ? allowed : allowed.filter((id) => id === tenantId);
  if (tenantIds.length === 0) throw notFoundForStaff("organisation");
  const scope = { tenantId: { in: tenantIds }, actorType: "staff" };
  let before: { createdAt: Date; id: string } | null = null;
  if (after !== undefined) {
    before = await db.auditEvent.findFirst({ where: { ...scope, id: after }, select: { createdAt: true, id: true } });
    // A cursor of another tenant's log is as unknown as a made-up one.
    if (!before) throw notFoundForStaff("page");
  }
  const rows = await db.auditEvent.findMany({
    where: { ...scope, ...(before ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, createdAt: true, tenantId: true, actorId: true, userId: true, type: true, data: true },
  });
  const page = rows.slice(0, limit);
  const userIds = [...new Set(page.flatMap((row) => [row.actorId, row.userId]).filter((id): id is string => typeof id === "string"))];
  const [users, tenants] = await Promise.all([
    userIds.length > 0 ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [],
    db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, name: true } }),
  ]);
  const userById = new Map(users.map((user) => [user.id, user]));
  const tenantById = new Map(tenants.map((tenant) => [tenant.id, tenant]));
  const actions = page.map((row) => {
    const actor = row.actorId ? userById.get(row.actorId) : undefined;
    const data = row.data && typeof row.data === "object" && !Array.isArray(row.data) ? (row.data as Record<string, unknown>) : {};
    return {
      id: row.id,
      at: row.createdAt,
      tenant: { id: row.tenantId, name: tenantById.get(row.tenantId)?.name ?? "" },
      staff: { name: actor?.name ?? "Unknown", email: actor?.email ?? "" },
      type: row.type,
      description: describeAuditEvent(row.type),
      reason: typeof data.reason === "string" ? data.reason : null,
      subjectEmail: (row.userId ? userById.get(row.userId)?.email : undefined) ?? null,
    };
  });
  const last = page[page.length - 1];
  return { actions, nextCursor: rows.length > limit && last ? last.id : null };
}
