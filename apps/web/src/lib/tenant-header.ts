/**
 * Carries the tenant slug that proxy.ts read from the URL path to the API route handlers.
 * proxy.ts deletes every incoming x-rekey-* header before setting it, so clients cannot set it.
 */
export const TENANT_HEADER = "x-rekey-tenant";
