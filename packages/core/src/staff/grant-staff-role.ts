import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { normalizeEmail } from "../accounts/normalize-email";
import { AppError } from "../errors/app-error";
import type { StaffRole } from "../generated/prisma/client";
import { newId } from "../ids";
import { tenantPageUrl } from "../notifications/links";
import { withNotifications } from "../notifications/with-notifications";
import { requireStaffRole, type Staff } from "./staff-access";
import { staffRoleGrantedMessage } from "./staff-emails";
import { staffActor } from "./staff-rules";

export type GrantStaffRoleOptions = {
  db: Db;
  staff: Staff;
  /** The tenant whose support desk the person will serve. */
  tenantId: string;
  /** The granting admin's own tenant: staff accounts usually live there, not in the tenant served. */
  homeTenantId: string;
  email: string;
  role: StaffRole;
  reason: string;
  context: RequestContext;
};

/**
 * An admin gives an existing account a role on the tenant's support desk. The account is looked
 * up in the tenant served first, then in the admin's own tenant. Creating accounts is not a staff
 * power: the person signs up themself, with their own password and second factor.
 * Callers require a fresh step-up (S12).
 */
export async function grantStaffRole(options: GrantStaffRoleOptions): Promise<{ memberId: string; userId: string }> {
  const { db, staff, tenantId, homeTenantId, role, reason, context } = options;
  requireStaffRole(staff, tenantId, "admin", "organisation");
  const email = normalizeEmail(options.email);
  return withNotifications(db, async (tx, queueEmail) => {
    // The tenant row serialises changes to its staff list (staff-rules.ts).
    const [served] = await tx.$queryRaw<{ id: string; name: string }[]>`SELECT id, name FROM tenant WHERE id = ${tenantId} FOR UPDATE`;
    if (!served) throw new AppError("NOT_FOUND", "No such organisation.");
    const candidates = [tenantId, ...(homeTenantId === tenantId ? [] : [homeTenantId])];
    let person: { id: string; tenantId: string; name: string; email: string; tenant: { slug: string; name: string } } | null = null;
    for (const candidateTenantId of candidates) {
      person = await tx.user.findUnique({
        where: { tenantId_email: { tenantId: candidateTenantId, email } },
        select: { id: true, tenantId: true, name: true, email: true, tenant: { select: { slug: true, name: true } } },
      });
      if (person) break;
    }
    if (!person) throw new AppError("NOT_FOUND", "No account uses that address. Ask them to create one first, then try again.");
    const existing = await tx.staffMember.findUnique({ where: { tenantId_userId: { tenantId, userId: person.id } }, select: { role: true } });
    if (existing) throw new AppError("CONFLICT", `${email} is already on this support desk (${existing.role}). Change their role instead.`);
    const memberId = newId("staff");
    await tx.staffMember.create({ data: { id: memberId, tenantId, userId: person.id, role } });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId: person.id,
      actor: staffActor(staff),
      type: "staff.created",
      context,
      data: { memberId, email, role, reason },
    });
    const message = staffRoleGrantedMessage(
      { tenantName: person.tenant.name },
      { name: person.name, role, servedTenantName: served.name, url: tenantPageUrl(person.tenant, "/sign-in") },
    );
    // The outbox row belongs to the tenant of the account that receives it.
    await queueEmail({ tenantId: person.tenantId, userId: person.id, to: person.email, ...message });
    return { memberId, userId: person.id };
  });
}

