import type { DbOrTx } from "../db/client";
import type { StaffRole } from "../generated/prisma/client";
import type { VerifiedSession } from "../sessions/verify-session";
import { checkStaffSession, findStaffMemberships, type StaffGateReason, type StaffMembership } from "./staff-access";

export type GetStaffStatusOptions = { db: DbOrTx; session: VerifiedSession };

export type StaffStatus = {
  /** "ok", or why the dashboard stays closed to this session (staffGateMessages says it in words). */
  gate: "ok" | StaffGateReason;
  name: string;
  email: string;
  memberships: { tenantId: string; tenantSlug: string; tenantName: string; role: StaffRole }[];
};

/**
 * Whether the dashboard opens for this session, and if not what the person can do about it. It
 * names only the signed-in person's own roles, so it may answer any session.
 */
export async function getStaffStatus(options: GetStaffStatusOptions): Promise<StaffStatus> {
  const { db, session } = options;
  const gate = await checkStaffSession(db, session);
  const memberships: StaffMembership[] = gate.ok ? gate.staff.memberships : await findStaffMemberships(db, session.userId);
  return { gate: gate.ok ? "ok" : gate.reason, name: session.user.name, email: session.user.email, memberships };
}
