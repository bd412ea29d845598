import type { DbOrTx } from "../db/client";
import type { StaffRole } from "../generated/prisma/client";
import { requireStaffRole, type Staff } from "./staff-access";

export type FindStaffMembersOptions = { db: DbOrTx; staff: Staff; tenantId: string };

export type StaffMemberRow = { memberId: string; userId: string; name: string; email: string; role: StaffRole; since: Date };

/** The tenant's support staff, for its admins; anyone else gets the missing-tenant answer (S28). */
export async function findStaffMembers(options: FindStaffMembersOptions): Promise<StaffMemberRow[]> {
  const { db, staff, tenantId } = options;
  requireStaffRole(staff, tenantId, "admin", "organisation");
  const rows = await db.staffMember.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
  });
  return rows.map((row) => ({ memberId: row.id, userId: row.userId, name: row.user.name, email: row.user.email, role: row.role, since: row.createdAt }));
}
