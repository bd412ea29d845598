import type { TrustedContactStatus } from "../generated/prisma/client";
import type { TenantPolicy } from "../tenants/tenant-policy";
import { days } from "../clock";

/** An invitation waits this long for its answer; the owner can send it again. */
export const invitationLifetimeMs = days(14);

/**
 * How many contacts' codes a recovery of this account needs: the tenant's threshold, or more if
 * the owner asked for more. Never fewer than the tenant's, never more than its maximum.
 */
export function effectiveThreshold(policy: TenantPolicy, ownerThreshold: number | null): number {
  const { threshold, max } = policy.contacts;
  return Math.min(max, Math.max(threshold, ownerThreshold ?? threshold));
}

export type ContactState = "invited" | "invitation-expired" | "cooling-off" | "usable" | "ended";

type ContactRow = { status: TrustedContactStatus; inviteExpiresAt: Date; usableFrom: Date | null };

/** Where a contact stands at `now`: only a `usable` one can vouch for the owner (S24). */
export function contactState(contact: ContactRow, now: Date): ContactState {
  if (contact.status === "ended") return "ended";
  if (contact.status === "invited") return contact.inviteExpiresAt > now ? "invited" : "invitation-expired";
  return contact.usableFrom && contact.usableFrom <= now ? "usable" : "cooling-off";
}

/** Contacts that take a place in the owner's list: an expired invitation no longer does. */
export function holdsAPlace(contact: ContactRow, now: Date): boolean {
  const state = contactState(contact, now);
  return state === "invited" || state === "cooling-off" || state === "usable";
}
