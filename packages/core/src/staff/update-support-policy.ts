import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";
import { forgetCachedTenant } from "../tenants/get-tenant-by-slug";
import { tenantPolicySchema, type TenantPolicy } from "../tenants/tenant-policy";
import { notFoundForStaff, requireStaffRole, type Staff } from "./staff-access";
import { staffActor } from "./staff-rules";

type SupportPolicy = TenantPolicy["support"];

export type UpdateSupportPolicyOptions = {
  db: Db;
  staff: Staff;
  tenantId: string;
  changes: Pick<SupportPolicy, "waitingHours" | "secondApprover" | "questions">;
  reason: string;
  context: RequestContext;
};

/**
 * An admin of the tenant changes its support policy. The change is merged into the stored policy
 * (other sections and unset defaults are kept as stored) and the whole result must pass the policy
 * schema, so no caller can store a waiting period below S26's floor. Callers require a fresh
 * step-up (S12).
 */
export async function updateSupportPolicy(options: UpdateSupportPolicyOptions): Promise<SupportPolicy> {
  const { db, staff, tenantId, changes, reason, context } = options;
  requireStaffRole(staff, tenantId, "admin", "organisation");
  const { slug, after } = await db.$transaction(async (tx) => {
    // Locked: two admins saving at once must not lose one change to the other's stale copy.
    const [tenant] = await tx.$queryRaw<{ slug: string; policy: unknown }[]>`SELECT slug, policy FROM tenant WHERE id = ${tenantId} FOR UPDATE`;
    if (!tenant) throw notFoundForStaff("organisation");
    const stored = isObject(tenant.policy) ? tenant.policy : {};
    const storedSupport = isObject(stored.support) ? stored.support : {};
    const merged = { ...stored, support: { ...storedSupport, ...changes } };
    const before = tenantPolicySchema.parse(stored).support;
    const parsed = tenantPolicySchema.safeParse(merged);
    if (!parsed.success) {
      throw new AppError("BAD_REQUEST", "That support policy is not valid.", {
        details: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
      });
    }
    await tx.tenant.update({ where: { id: tenantId }, data: { policy: merged as Prisma.InputJsonObject } });
    const after = parsed.data.support;
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId: null,
      actor: staffActor(staff),
      type: "staff.support_policy_changed",
      context,
      data: { before: pick(before), after: pick(after), reason },
    });
    return { slug: tenant.slug, after };
  });
  forgetCachedTenant(slug);
  return after;
}

function pick(policy: SupportPolicy) {
  return { waitingHours: policy.waitingHours, secondApprover: policy.secondApprover, questions: policy.questions };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
