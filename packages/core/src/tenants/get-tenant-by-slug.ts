import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseTenantPolicy, type TenantPolicy } from "./tenant-policy";

export type Tenant = { id: string; slug: string; name: string; policy: TenantPolicy };

export type GetTenantBySlugOptions = { db: Db; slug: string };

export async function getTenantBySlug(options: GetTenantBySlugOptions): Promise<Tenant> {
  const { db, slug } = options;
  const tenant = await db.tenant.findUnique({ where: { slug } });
  if (!tenant) throw new AppError("NOT_FOUND", "No such organisation");
  return { id: tenant.id, slug: tenant.slug, name: tenant.name, policy: parseTenantPolicy(tenant.policy) };
}
