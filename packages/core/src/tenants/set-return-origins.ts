import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { Prisma } from "../generated/prisma/client";
import { notFoundForStaff, requireStaffRole, type Staff } from "../staff/staff-access";
import { staffActor } from "../staff/staff-rules";
import { forgetCachedTenant } from "./get-tenant-by-slug";
import { normalizeReturnOrigin } from "./return-origins";
import { tenantPolicySchema } from "./tenant-policy";

export type SetReturnOriginsOptions = {
  db: Db;
  staff: Staff;
  tenantId: string;
  /** The whole new list, as typed on the Developers page (normalised here). */
  origins: string[];
  context: RequestContext;
};

/**
 * An admin of the tenant sets the origins of its apps that the hosted sign-in may send people back
 * to (`api.returnOrigins`). Anyone else, and a missing tenant, get the not-found answer (S28).
 * The list replaces the stored one; each entry must be an exact https origin (http only for
 * localhost), checked by the policy schema, so no caller can store an open redirect. Callers
 * require a fresh step-up (S12), as for every admin change.
 */
export async function setReturnOrigins(options: SetReturnOriginsOptions): Promise<string[]> {
  const { db, staff, tenantId, context } = options;
  requireStaffRole(staff, tenantId, "admin", "organisation");
  const origins = [...new Set(options.origins.map(normalizeReturnOrigin).filter((origin) => origin !== ""))];
  const { slug, after } = await db.$transaction(async (tx) => {
    // Locked: another admin's policy change at the same moment must not be lost to a stale copy.
    const [tenant] = await tx.$queryRaw<{ slug: string; policy: unknown }[]>`SELECT slug, policy FROM tenant WHERE id = ${tenantId} FOR UPDATE`;
    if (!tenant) throw notFoundForStaff("organisation");
    const stored = isObject(tenant.policy) ? tenant.policy : {};
    const storedApi = isObject(stored.api) ? stored.api : {};
    const merged = { ...stored, api: { ...storedApi, returnOrigins: origins } };
    const before = tenantPolicySchema.parse(stored).api.returnOrigins;
    const parsed = tenantPolicySchema.safeParse(merged);
    if (!parsed.success) {
      throw new AppError("BAD_REQUEST", "Those return origins are not valid.", {
        details: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
      });
    }
    const after = parsed.data.api.returnOrigins;
    if (sameList(before, after)) return { slug: tenant.slug, after };
    await tx.tenant.update({ where: { id: tenantId }, data: { policy: merged as Prisma.InputJsonObject } });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId: null,
      actor: staffActor(staff),
      type: "tenant.return_origins_changed",
      context,
      data: { before, after },
    });
    return { slug: tenant.slug, after };
  });
  forgetCachedTenant(slug);
  return after;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((origin, index) => origin === b[index]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
