import type { Db } from "../db/client";
import { newId } from "../ids";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemRequestContext } from "../audit/request-context";
import type { StaffRole } from "../generated/prisma/client";

export type CreateStaffMemberOptions = {
  db: Db;
  tenantId: string;
  userId: string;
  role: StaffRole;
};

export async function createStaffMember(options: CreateStaffMemberOptions) {
  const { db, tenantId, userId, role } = options;
  return db.$transaction(async (tx) => {
    const staff = await tx.staffMember.create({ data: { id: newId("staff"), tenantId, userId, role } });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId,
      actor: { type: "system" },
      type: "staff.created",
      context: systemRequestContext,
      data: { role },
    });
    return staff;
  });
}
