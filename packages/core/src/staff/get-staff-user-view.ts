import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { describeAuditEvent } from "../audit/describe-audit-event";
import { findUserActivity } from "../audit/find-user-activity";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import type { FactorType } from "../generated/prisma/client";
import { findFactors } from "../factors/find-factors";
import { deviceLabel } from "../sessions/describe-user-agent";
import { parseTenantPolicy } from "../tenants/tenant-policy";
import { notFoundForStaff, requireStaffRole, type Staff } from "./staff-access";
import { staffActor } from "./staff-rules";

export type GetStaffUserViewOptions = { db: Db; staff: Staff; userId: string; reason: string; context: RequestContext; clock?: Clock };

export type StaffUserView = {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
  emailVerified: boolean;
  highValue: boolean;
  tenant: { id: string; name: string };
  recentSignIns: { createdAt: Date; lastSeenAt: Date; device: string; ip: string; methods: string[]; ended: boolean }[];
  factors: { type: FactorType; name: string; createdAt: Date; lastUsedAt: Date | null; isPasskey: boolean; maskedPhone: string | null }[];
  readiness: { recoveryCodesLeft: number; usableTrustedContacts: number; openRecoveries: number };
  activity: { id: string; at: Date; type: string; description: string; byStaff: boolean; device: string; ip: string }[];
};

const recentSignInCount = 10;
const activityCount = 50;

/**
 * What support staff may see of an account (S26): enough to judge a recovery request, nothing that
 * could sign in or reach the person another way. Every field is picked by name: no password or
 * token hash, TOTP seed, public key, credential id, whole phone number, code or token. Each look is
 * recorded with the reason the staff member typed; the owner sees it on their activity page.
 */
export async function getStaffUserView(options: GetStaffUserViewOptions): Promise<StaffUserView> {
  const { db, staff, userId, reason, context, clock = systemClock } = options;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      tenantId: true,
      email: true,
      name: true,
      createdAt: true,
      emailVerifiedAt: true,
      highValue: true,
      tenant: { select: { id: true, name: true, policy: true } },
    },
  });
  if (!user) throw notFoundForStaff("account");
  requireStaffRole(staff, user.tenantId, "agent", "account");
  await recordAuditEvent({ db, tenantId: user.tenantId, userId, actor: staffActor(staff), type: "staff.user_viewed", context, data: { reason } });

  const now = clock.now();
  const policy = parseTenantPolicy(user.tenant.policy);
  const [sessions, factors, codeSet, usableTrustedContacts, openContactRecoveries, openTickets, activity] = await Promise.all([
    db.session.findMany({
      where: { tenantId: user.tenantId, userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: recentSignInCount,
      select: { createdAt: true, lastSeenAt: true, userAgent: true, ip: true, methods: true, revokedAt: true, expiresAt: true, idleMinutes: true },
    }),
    findFactors({ db, tenantId: user.tenantId, userId }),
    db.recoveryCodeSet.findFirst({
      where: { tenantId: user.tenantId, userId, confirmedAt: { not: null }, replacedAt: null },
      select: { _count: { select: { codes: { where: { usedAt: null } } } } },
    }),
    db.trustedContact.count({ where: { tenantId: user.tenantId, ownerId: userId, status: "accepted", usableFrom: { lte: now } } }),
    db.contactRecovery.count({ where: { tenantId: user.tenantId, userId, status: "open" } }),
    db.supportTicket.count({ where: { tenantId: user.tenantId, userId, status: { in: ["open", "approved"] } } }),
    findUserActivity({ db, tenantId: user.tenantId, userId, limit: activityCount }),
  ]);

  return {
    id: user.id,
    email: user.email,
    name: user.name,
    createdAt: user.createdAt,
    emailVerified: user.emailVerifiedAt !== null,
    highValue: user.highValue,
    tenant: { id: user.tenant.id, name: user.tenant.name },
    recentSignIns: sessions.map((session) => {
      const idleLimitMs = Math.min(policy.sessions.idleMinutes, session.idleMinutes ?? Infinity) * 60_000;
      const ended = session.revokedAt !== null || session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleLimitMs;
      return { createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, device: deviceLabel(session.userAgent), ip: session.ip, methods: session.methods, ended };
    }),
    factors: factors.map((factor) => ({
      type: factor.type,
      name: factor.name,
      createdAt: factor.createdAt,
      lastUsedAt: factor.lastUsedAt,
      isPasskey: factor.isPasskey,
      maskedPhone: factor.maskedPhone,
    })),
    readiness: {
      recoveryCodesLeft: codeSet?._count.codes ?? 0,
      usableTrustedContacts,
      openRecoveries: openContactRecoveries + openTickets,
    },
    activity: activity.map((event) => ({
      id: event.id,
      at: event.createdAt,
      type: event.type,
      description: describeAuditEvent(event.type),
      byStaff: event.actorType === "staff",
      device: event.userAgent ? deviceLabel(event.userAgent) : "",
      ip: event.ip,
    })),
  };
}
