import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { parseTenantPolicy, type TenantPolicy } from "./tenant-policy";

export type Tenant = { id: string; slug: string; name: string; policy: TenantPolicy };

export type GetTenantBySlugOptions = { db: Db; slug: string };

// Every request names its tenant, and tenants change rarely: a short-lived cache saves a query on
// every request (docs/benchmarks.md). A policy change takes effect within this many milliseconds.
const cacheLifetimeMs = 10_000;
const cache = new Map<string, { tenant: Tenant; expiresAt: number }>();

export async function getTenantBySlug(options: GetTenantBySlugOptions): Promise<Tenant> {
  const { db, slug } = options;
  const cached = cache.get(slug);
  if (cached && cached.expiresAt > Date.now()) return cached.tenant;
  const row = await db.tenant.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, policy: true } });
  if (!row) throw new AppError("NOT_FOUND", "No such organisation");
  const tenant = { id: row.id, slug: row.slug, name: row.name, policy: parseTenantPolicy(row.policy) };
  cache.set(slug, { tenant, expiresAt: Date.now() + cacheLifetimeMs });
  return tenant;
}

/** Drops this process's cached copy, so a policy change is read on the next request here. */
export function forgetCachedTenant(slug: string): void {
  cache.delete(slug);
}
