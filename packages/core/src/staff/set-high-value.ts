import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { notFoundForStaff, requireStaffRole, type Staff } from "./staff-access";
import { staffActor } from "./staff-rules";

export type SetHighValueOptions = { db: Db; staff: Staff; userId: string; highValue: boolean; reason: string; context: RequestContext };

/**
 * An admin of the account's tenant marks it (or unmarks it) for extra care: a support recovery of
 * a high-value account always needs a second approver. Anyone else gets the missing-account answer.
 */
export async function setHighValue(options: SetHighValueOptions): Promise<{ userId: string; highValue: boolean }> {
  const { db, staff, userId, highValue, reason, context } = options;
  return db.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ id: string; tenantId: string; highValue: boolean }[]>`
      SELECT id, "tenantId", "highValue" FROM "user" WHERE id = ${userId} FOR UPDATE`;
    if (!user) throw notFoundForStaff("account");
    requireStaffRole(staff, user.tenantId, "admin", "account");
    if (user.highValue === highValue) return { userId, highValue };
    await tx.user.update({ where: { id: userId }, data: { highValue } });
    await recordAuditEvent({
      db: tx,
      tenantId: user.tenantId,
      userId,
      actor: staffActor(staff),
      type: "staff.high_value_changed",
      context,
      data: { before: user.highValue, after: highValue, reason },
    });
    return { userId, highValue };
  });
}
