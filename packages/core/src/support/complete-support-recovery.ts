import { lockAccount } from "../accounts/lock-account";
import { hashToken } from "../crypto/tokens";
import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { consumeEmailToken } from "../accounts/email-tokens";
import { systemClock, type Clock } from "../clock";
import { AppError, isAppError } from "../errors/app-error";
import { withNotifications } from "../notifications/with-notifications";
import { assertAcceptablePassword } from "../passwords/assert-acceptable-password";
import { hashPassword } from "../passwords/hash-password";
import { completeAccountRecovery, type CompletedAccountRecovery } from "../recovery/complete-account-recovery";
import type { Tenant } from "../tenants/get-tenant-by-slug";

export type CompleteSupportRecoveryOptions = {
  db: Db;
  tenant: Tenant;
  /** From the approval's link. */
  token: string;
  /** The person chooses it (staff never do); without one the password stays as it was. */
  newPassword: string | null;
  deviceToken: string | null;
  context: RequestContext;
  clock?: Clock;
};

const deadLink = new AppError("TOKEN_INVALID", "This recovery link was already used, was cancelled, or has expired. If you still need help, make a new request.");

/**
 * The approved ticket's link, followed: the shared completion of every rung
 * (completeAccountRecovery). The link is consumed and the ticket claimed by conditional UPDATEs in
 * one transaction, so of twenty clicks at once one recovers the account, and a cancel that got
 * there first leaves the link dead.
 */
export async function completeSupportRecovery(options: CompleteSupportRecoveryOptions): Promise<CompletedAccountRecovery> {
  const { db, tenant, token, newPassword, deviceToken, context, clock = systemClock } = options;
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    // The account first (as a cancel and an approval take it), then the link and the ticket.
    const link = token.length <= 200 ? await tx.emailToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { tenantId: true, userId: true } }) : null;
    if (!link || link.tenantId !== tenant.id) throw deadLink;
    await lockAccount(tx, tenant.id, link.userId);
    const consumed = await consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "support_recovery", token }).catch((error: unknown) => {
      throw isAppError(error) && error.code === "TOKEN_INVALID" ? deadLink : error;
    });
    const now = clock.now();
    const ticket = await tx.supportTicket.findFirst({ where: { tenantId: tenant.id, userId: consumed.userId, status: "approved" }, select: { id: true } });
    const claimed = ticket
      ? await tx.supportTicket.updateMany({ where: { id: ticket.id, status: "approved", expiresAt: { gt: now } }, data: { status: "completed", endedAt: now, endReason: "completed" } })
      : { count: 0 };
    if (claimed.count === 0 || !ticket) throw deadLink;

    let newPasswordHash: string | undefined;
    if (newPassword) {
      const user = await tx.user.findUniqueOrThrow({ where: { id: consumed.userId }, select: { email: true, name: true } });
      assertAcceptablePassword({ password: newPassword, userInputs: [user.email, user.name] });
      newPasswordHash = await hashPassword(newPassword);
    }
    return completeAccountRecovery({
      tx,
      queueEmail,
      queueSms,
      tenant,
      userId: consumed.userId,
      method: "support",
      proofs: [],
      newPasswordHash,
      deviceToken,
      data: { ticketId: ticket.id },
      context,
      clock,
    });
  });
}
