/** The Developers page of this organisation: where "confirm it's you" sends the admin back to. */
export function developersPath(tenantId: string): string {
  return `/staff/developers?tenant=${encodeURIComponent(tenantId)}`;
}
