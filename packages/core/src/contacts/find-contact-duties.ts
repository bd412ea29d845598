import type { Db } from "../db/client";
import { systemClock, type Clock } from "../clock";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type FindContactDutiesOptions = { db: Db; tenant: Tenant; userId: string; clock?: Clock };

type Person = { name: string; email: string };

export type ContactDuties = {
  /** Invitations to the signed-in person's verified address, still open. */
  invitations: { contactId: string; owner: Person; invitedAt: Date; expiresAt: Date }[];
  /** People whose trusted contact they are. */
  helping: { contactId: string; owner: Person; acceptedAt: Date; usableFrom: Date }[];
  /** Open recoveries of those people that ask this contact for help. */
  requests: {
    recoveryId: string;
    contactId: string;
    owner: Person;
    startedAt: Date;
    /** `asked`: not confirmed yet; `code-shown`: a code was shown (valid until `codeExpiresAt`); `code-used`. */
    state: "asked" | "code-shown" | "code-used";
    codeExpiresAt: Date | null;
  }[];
};

/**
 * What a contact sees: whose contact they are, and requests for help. Never anything of the
 * owner's account beyond the name and address they were invited by (S24).
 */
export async function findContactDuties(options: FindContactDutiesOptions): Promise<ContactDuties> {
  const { db, tenant, userId, clock = systemClock } = options;
  const now = clock.now();
  const person = await db.user.findFirst({ where: { id: userId, tenantId: tenant.id }, select: { email: true, emailVerifiedAt: true } });
  if (!person) return { invitations: [], helping: [], requests: [] };
  const owner = { select: { name: true, email: true } } as const;
  const [invitations, helping, relays] = await Promise.all([
    person.emailVerifiedAt
      ? db.trustedContact.findMany({
          where: { tenantId: tenant.id, email: person.email, status: "invited", inviteExpiresAt: { gt: now }, ownerId: { not: userId } },
          orderBy: { invitedAt: "desc" },
          select: { id: true, invitedAt: true, inviteExpiresAt: true, owner },
        })
      : [],
    db.trustedContact.findMany({
      where: { tenantId: tenant.id, contactUserId: userId, status: "accepted" },
      orderBy: { acceptedAt: "asc" },
      select: { id: true, acceptedAt: true, usableFrom: true, owner },
    }),
    db.relayCode.findMany({
      where: {
        tenantId: tenant.id,
        refusedAt: null,
        contact: { contactUserId: userId, status: "accepted", usableFrom: { lte: now } },
        recovery: { status: "open", expiresAt: { gt: now } },
      },
      orderBy: { createdAt: "desc" },
      select: { recoveryId: true, contactId: true, issuedAt: true, expiresAt: true, usedAt: true, recovery: { select: { createdAt: true } }, contact: { select: { owner } } },
    }),
  ]);
  return {
    invitations: invitations.map((row) => ({ contactId: row.id, owner: row.owner, invitedAt: row.invitedAt, expiresAt: row.inviteExpiresAt })),
    helping: helping.map((row) => ({ contactId: row.id, owner: row.owner, acceptedAt: row.acceptedAt ?? row.usableFrom ?? now, usableFrom: row.usableFrom ?? now })),
    requests: relays.map((row) => ({
      recoveryId: row.recoveryId,
      contactId: row.contactId,
      owner: row.contact.owner,
      startedAt: row.recovery.createdAt,
      state: row.usedAt ? "code-used" : row.expiresAt && row.expiresAt > now ? "code-shown" : "asked",
      codeExpiresAt: row.usedAt ? null : row.expiresAt && row.expiresAt > now ? row.expiresAt : null,
    })),
  };
}
