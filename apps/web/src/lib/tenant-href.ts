// Tenant routing in one place. The default tenant lives at the plain URLs (`/sign-in`), every
// other tenant under a prefix (`/t/<slug>/sign-in`). proxy.ts maps plain URLs onto
// `app/t/[tenant]`, so pages always know their tenant from the URL and nothing else.

export const DEFAULT_TENANT = "default";

/** Lower-case letters, digits and inner dashes; also keeps odd path segments away from the api. */
export const TENANT_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function isTenantSlug(value: string): boolean {
  return TENANT_SLUG_PATTERN.test(value);
}

/** A prefixed tenant path: the slug, then the rest of the path if any (`/t/demo/sign-in`). */
export const TENANT_PATH_PREFIX = /^\/t\/([^/]+)(\/.*)?$/;

/** The public URL of `path` (which starts with "/") inside a tenant's pages. */
export function tenantHref(tenantSlug: string, path: string): string {
  const normalized = path.startsWith("/") ? path : `/${path}`;
  if (tenantSlug === DEFAULT_TENANT) return normalized;
  return normalized === "/" ? `/t/${tenantSlug}` : `/t/${tenantSlug}${normalized}`;
}

/** Where next-auth's routes answer for a tenant (proxy.ts passes the tenant on to app/api/auth). */
export function authBasePath(tenantSlug: string): string {
  return tenantHref(tenantSlug, "/api/auth");
}

/**
 * A "back after sign-in" target is only ever a page path inside the same tenant (it is given to
 * `tenantHref`). Anything that could leave the site (`//evil.example`, `/\evil.example`,
 * `https:`) or the tenant (`/t/...`), or that is not a page, falls back to the account page.
 */
export function safeNextPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  if (/[\u0000-\u001f]/.test(value)) return "/";
  if (/^\/(?:t|api|dev|_next)(?:[/?#]|$)/.test(value)) return "/";
  return value;
}
