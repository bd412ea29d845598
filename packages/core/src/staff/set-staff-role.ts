import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { StaffRole } from "../generated/prisma/client";
import type { Staff } from "./staff-access";
import { assertNotLastAdmin, lockMemberForAdmin, staffActor } from "./staff-rules";

export type SetStaffRoleOptions = { db: Db; staff: Staff; memberId: string; role: StaffRole; reason: string; context: RequestContext };

/**
 * An admin of the member's tenant changes their role; the tenant's last admin keeps theirs.
 * Setting the role a member already holds changes and records nothing. Callers require a fresh
 * step-up (S12).
 */
export async function setStaffRole(options: SetStaffRoleOptions): Promise<{ memberId: string; role: StaffRole; changed: boolean }> {
  const { db, staff, memberId, role, reason, context } = options;
  return db.$transaction(async (tx) => {
    const member = await lockMemberForAdmin(tx, staff, memberId);
    if (member.role === role) return { memberId, role, changed: false };
    await assertNotLastAdmin(tx, member, "demote");
    await tx.staffMember.update({ where: { id: memberId }, data: { role } });
    await recordAuditEvent({
      db: tx,
      tenantId: member.tenantId,
      userId: member.userId,
      actor: staffActor(staff),
      type: "staff.role_changed",
      context,
      data: { memberId, email: member.user.email, before: member.role, after: role, reason },
    });
    return { memberId, role, changed: true };
  });
}
