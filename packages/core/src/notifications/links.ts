import { env } from "../env";

export type LinkTenant = { slug: string };

export const defaultTenantSlug = "default";

/** A page of the tenant's hosted app: plain paths for the default tenant, /t/<slug>/... otherwise. */
export function tenantPageUrl(tenant: LinkTenant, path: string): string {
  const prefix = tenant.slug === defaultTenantSlug ? "" : `/t/${tenant.slug}`;
  // Always the configured origin, never the request's Host header (S8): a forged Host cannot
  // point a reset link at an attacker's server.
  return new URL(`${prefix}${path}`, env().APP_ORIGIN).toString();
}

/**
 * A link carrying a single-use token. The token travels in the fragment, which browsers never
 * send to a server, so it cannot land in access logs or Referer headers (S3, S8).
 */
export function tokenLinkUrl(tenant: LinkTenant, path: string, token: string): string {
  return `${tenantPageUrl(tenant, path)}#token=${encodeURIComponent(token)}`;
}
