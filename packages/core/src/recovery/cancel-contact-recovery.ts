import { lockAccount } from "../accounts/lock-account";
import type { Db, DbOrTx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { consumeEmailToken } from "../accounts/email-tokens";
import { systemClock, type Clock } from "../clock";
import { notifyOwner } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type CancelContactRecoveryOptions = { db: Db; tenant: Tenant; token: string; context: RequestContext; clock?: Clock };

export type CancelledRecovery = { status: "cancelled" | "already-completed" | "nothing-open" };

/**
 * The one-click "this wasn't me" of a recovery notice: stops every open recovery of the account.
 * The link works once; if the recovery already completed, the answer says so (and that notice's
 * own link is the way to take the account back).
 */
export async function cancelContactRecovery(options: CancelContactRecoveryOptions): Promise<CancelledRecovery> {
  const { db, tenant, token, context, clock = systemClock } = options;
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const consumed = await consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "cancel_recovery", token });
    const cancelled = await cancelOpenRecoveries({ db: tx, tenantId: tenant.id, userId: consumed.userId, reason: "cancel_link", context, clock });
    if (cancelled === 0) {
      // Completed after this link was mailed: the recovery it was about.
      const since = { userId: consumed.userId, tenantId: tenant.id, status: "completed" as const, endedAt: { gte: consumed.createdAt } };
      const completed = (await tx.contactRecovery.count({ where: since })) + (await tx.supportTicket.count({ where: since }));
      return { status: completed > 0 ? "already-completed" : "nothing-open" };
    }
    const user = await tx.user.findFirstOrThrow({ where: { id: consumed.userId, tenantId: tenant.id }, select: { id: true, email: true } });
    await notifyOwner({
      tx,
      queueEmail,
      queueSms,
      tenant,
      user,
      what: "The recovery of your account was cancelled with the link we sent you",
      sms: "the recovery of your account was cancelled.",
      context,
    });
    return { status: "cancelled" };
  });
}

export type CancelOpenRecoveriesOptions = {
  db: DbOrTx;
  tenantId: string;
  userId: string;
  reason: "cancel_link" | "owner_signed_in" | "account_recovered" | "account_disabled";
  context: RequestContext;
  clock?: Clock;
  /** Who ends them, when not the owner (a tenant API key disabling the account). */
  actor?: AuditActor;
};

/**
 * Ends the account's recoveries under way, with their audit rows: an open trusted-contacts attempt
 * and a support ticket that is open or approved (its recovery link dies with it). Returns how
 * many ended.
 */
export async function cancelOpenRecoveries(options: CancelOpenRecoveriesOptions): Promise<number> {
  const { db, tenantId, userId, reason, context, clock = systemClock, actor = { type: "user", id: userId } } = options;
  const now = clock.now();
  const tickets = await db.supportTicket.findMany({ where: { tenantId, userId, status: { in: ["open", "approved"] } }, select: { id: true } });
  // The account first, as an approval and a completion take it: they run one after the other.
  if (tickets.length > 0) await lockAccount(db, tenantId, userId);
  let cancelledTickets = 0;
  for (const { id } of tickets) {
    const { count } = await db.supportTicket.updateMany({ where: { id, status: { in: ["open", "approved"] } }, data: { status: "cancelled", endedAt: now, endReason: reason } });
    if (count === 0) continue;
    cancelledTickets += 1;
    await recordAuditEvent({ db, tenantId, userId, actor, type: "support.ticket_cancelled", context, data: { ticketId: id, reason } });
  }
  if (cancelledTickets > 0) {
    await db.emailToken.updateMany({ where: { tenantId, userId, purpose: "support_recovery", usedAt: null }, data: { usedAt: now } });
  }

  const open = await db.contactRecovery.findMany({ where: { tenantId, userId, status: "open" }, select: { id: true } });
  let cancelled = 0;
  for (const { id } of open) {
    const { count } = await db.contactRecovery.updateMany({ where: { id, status: "open" }, data: { status: "cancelled", endedAt: now } });
    if (count === 0) continue;
    cancelled += 1;
    await recordAuditEvent({ db, tenantId, userId, actor, type: "recovery.cancelled", context, data: { recoveryId: id, reason } });
  }
  return cancelled + cancelledTickets;
}
