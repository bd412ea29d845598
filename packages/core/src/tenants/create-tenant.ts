import type { Db } from "../db/client";
import { newId } from "../ids";
import { systemRequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { tenantPolicySchema, type TenantPolicy } from "./tenant-policy";

export type CreateTenantOptions = {
  db: Db;
  slug: string;
  name: string;
  /** Partial policy; everything left out takes the documented default. */
  policy?: Partial<{ [K in keyof TenantPolicy]: Partial<TenantPolicy[K]> }>;
};

export const tenantSlugPattern = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export async function createTenant(options: CreateTenantOptions) {
  const { db, slug, name, policy = {} } = options;
  if (!tenantSlugPattern.test(slug)) throw new Error(`Invalid tenant slug "${slug}"`);
  // Validate now so a bad policy fails at creation, not at a user's sign-in.
  const validPolicy = tenantPolicySchema.parse(policy);
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { id: newId("tenant"), slug, name, policy: validPolicy } });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: null,
      actor: { type: "system" },
      type: "tenant.created",
      context: systemRequestContext,
      data: { slug },
    });
    return tenant;
  });
}
