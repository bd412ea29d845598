import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { AppError } from "../errors/app-error";
import { notifyOwner } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { lockAccount } from "../accounts/lock-account";
import { assertContactsEnabled } from "./invite-trusted-contact";

export type SetContactThresholdOptions = { db: Db; tenant: Tenant; ownerId: string; threshold: number; context: RequestContext; clock?: Clock };

/**
 * How many contacts' codes a recovery needs: from the tenant's threshold (never fewer) up to the
 * contacts who can help now (more would shut every recovery out, as removing them would). Callers
 * require a fresh step-up (S12).
 */
export async function setContactThreshold(options: SetContactThresholdOptions): Promise<{ threshold: number }> {
  const { db, tenant, ownerId, threshold, context, clock = systemClock } = options;
  assertContactsEnabled(tenant);
  const { threshold: min, max } = tenant.policy.contacts;
  if (!Number.isInteger(threshold) || threshold < min || threshold > max) {
    throw new AppError("BAD_REQUEST", min === max ? `Recovery here always needs ${min} contacts.` : `Choose a number from ${min} to ${max}.`);
  }
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const owner = await lockAccount(tx, tenant.id, ownerId);
    // More than the contacts who can help now would make every recovery fail; the tenant's own
    // number is always allowed (it applies anyway).
    const usable = await tx.trustedContact.count({ where: { tenantId: tenant.id, ownerId, status: "accepted", usableFrom: { lte: clock.now() } } });
    if (threshold > Math.max(min, usable)) {
      throw new AppError("CONFLICT", `Only ${usable} of your contacts can help now, so a recovery cannot need more than ${Math.max(min, usable)}.`);
    }
    const before = await tx.user.update({ where: { id: ownerId }, data: { contactThreshold: threshold }, select: { id: true } });
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: before.id, actor: { type: "user", id: ownerId }, type: "contacts.threshold_changed", context, data: { threshold } });
    const sentence = `Recovering your account now needs codes from ${threshold} trusted contacts`;
    await notifyOwner({ tx, queueEmail, queueSms, tenant, user: owner, what: sentence, sms: `${sentence}.`, context });
    return { threshold };
  });
}
