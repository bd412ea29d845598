import type { Db } from "../db/client";
import { systemClock, type Clock } from "../clock";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { contactState, effectiveThreshold, type ContactState } from "./contact-rules";

export type FindTrustedContactsOptions = { db: Db; tenant: Tenant; ownerId: string; clock?: Clock };

export type OwnerContact = {
  id: string;
  email: string;
  /** The contact's name once they accepted (their own account's name). */
  name: string | null;
  state: Exclude<ContactState, "ended">;
  invitedAt: Date;
  inviteExpiresAt: Date;
  acceptedAt: Date | null;
  /** "Can help from <date>": the end of the cooling-off period. */
  usableFrom: Date | null;
};

export type TrustedContactsOverview = {
  enabled: boolean;
  contacts: OwnerContact[];
  usableCount: number;
  /** Codes from this many contacts are needed to recover the account. */
  threshold: number;
  minThreshold: number;
  max: number;
  coolingOffDays: number;
  waitingHours: number;
  /** Sensitive changes are paused until then after a recovery. */
  frozenUntil: Date | null;
};

/** The owner's list, with where each contact stands and whether enough of them can help. */
export async function findTrustedContacts(options: FindTrustedContactsOptions): Promise<TrustedContactsOverview> {
  const { db, tenant, ownerId, clock = systemClock } = options;
  const now = clock.now();
  const [owner, rows] = await Promise.all([
    db.user.findFirstOrThrow({ where: { id: ownerId, tenantId: tenant.id }, select: { contactThreshold: true, recoveryFreezeUntil: true } }),
    db.trustedContact.findMany({
      where: { tenantId: tenant.id, ownerId, status: { in: ["invited", "accepted"] } },
      orderBy: { createdAt: "asc" },
      select: { id: true, email: true, status: true, invitedAt: true, inviteExpiresAt: true, acceptedAt: true, usableFrom: true, contactUser: { select: { name: true } } },
    }),
  ]);
  const contacts = rows.map((row): OwnerContact => ({
    id: row.id,
    email: row.email,
    name: row.status === "accepted" ? (row.contactUser?.name ?? null) : null,
    state: contactState(row, now) as OwnerContact["state"],
    invitedAt: row.invitedAt,
    inviteExpiresAt: row.inviteExpiresAt,
    acceptedAt: row.acceptedAt,
    usableFrom: row.usableFrom,
  }));
  const { policy } = tenant;
  return {
    enabled: policy.contacts.enabled,
    contacts,
    usableCount: contacts.filter((contact) => contact.state === "usable").length,
    threshold: effectiveThreshold(policy, owner.contactThreshold),
    minThreshold: policy.contacts.threshold,
    max: policy.contacts.max,
    coolingOffDays: policy.contacts.coolingOffDays,
    waitingHours: policy.contacts.waitingHours,
    frozenUntil: owner.recoveryFreezeUntil && owner.recoveryFreezeUntil > now ? owner.recoveryFreezeUntil : null,
  };
}
