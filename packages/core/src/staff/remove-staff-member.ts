import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Staff } from "./staff-access";
import { assertNotLastAdmin, lockMemberForAdmin, staffActor } from "./staff-rules";

export type RemoveStaffMemberOptions = { db: Db; staff: Staff; memberId: string; reason: string; context: RequestContext };

/**
 * An admin of the member's tenant takes them off its support desk; the tenant's last admin stays.
 * Their sessions stay signed in to their own account, but the next dashboard request finds no
 * role (checkStaffSession reads the roles on every request). Callers require a fresh step-up (S12).
 */
export async function removeStaffMember(options: RemoveStaffMemberOptions): Promise<{ memberId: string; status: "removed" }> {
  const { db, staff, memberId, reason, context } = options;
  return db.$transaction(async (tx) => {
    const member = await lockMemberForAdmin(tx, staff, memberId);
    await assertNotLastAdmin(tx, member, "remove");
    await tx.staffMember.delete({ where: { id: memberId } });
    await recordAuditEvent({
      db: tx,
      tenantId: member.tenantId,
      userId: member.userId,
      actor: staffActor(staff),
      type: "staff.removed",
      context,
      data: { memberId, email: member.user.email, role: member.role, reason },
    });
    return { memberId, status: "removed" as const };
  });
}
