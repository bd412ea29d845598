import type { Tx } from "../db/client";
import { AppError } from "../errors/app-error";
import type { StaffRole } from "../generated/prisma/client";
import { notFoundForStaff, requireStaffRole, type Staff } from "./staff-access";

/** Who did a staff action, for audit rows: the staff member's own account. */
export function staffActor(staff: Staff) {
  return { type: "staff" as const, id: staff.userId };
}

/**
 * The member row an admin addresses, locked with its tenant's other admins for the rest of the
 * transaction: two admins demoting each other at once must not leave a tenant with none. Missing,
 * or of a tenant where the caller is not admin: the same not-found answer (S28).
 */
export async function lockMemberForAdmin(tx: Tx, staff: Staff, memberId: string) {
  const member = await tx.staffMember.findUnique({
    where: { id: memberId },
    select: { id: true, tenantId: true, userId: true, role: true, user: { select: { email: true, name: true } }, tenant: { select: { name: true } } },
  });
  if (!member) throw notFoundForStaff("staff member");
  requireStaffRole(staff, member.tenantId, "admin", "staff member");
  // The tenant row is the lock for its staff list (a row lock on the admins alone would not stop a
  // concurrent grant from being counted or not).
  await tx.$queryRaw`SELECT id FROM tenant WHERE id = ${member.tenantId} FOR UPDATE`;
  const current = await tx.staffMember.findUnique({ where: { id: memberId }, select: { role: true } });
  if (!current) throw notFoundForStaff("staff member");
  // The caller's own role, read again under the lock: an admin demoted or removed a moment ago by
  // another admin is no longer one, whatever their session loaded before.
  const caller = await tx.staffMember.findUnique({ where: { tenantId_userId: { tenantId: member.tenantId, userId: staff.userId } }, select: { role: true } });
  if (caller?.role !== "admin") throw notFoundForStaff("staff member");
  return { ...member, role: current.role };
}

/** Refuses a change that would leave the tenant's support desk without an admin. */
export async function assertNotLastAdmin(tx: Tx, member: { tenantId: string; role: StaffRole; tenant: { name: string } }, change: "demote" | "remove") {
  if (member.role !== "admin") return;
  const admins = await tx.staffMember.count({ where: { tenantId: member.tenantId, role: "admin" } });
  if (admins <= 1) {
    const verb = change === "demote" ? "change the role of" : "remove";
    throw new AppError("CONFLICT", `You can't ${verb} the last admin of ${member.tenant.name}'s support desk. Make someone else an admin first.`);
  }
}
