import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { notifyOwner } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { assertContactsEnabled, lockOwner } from "./invite-trusted-contact";

export type SetContactThresholdOptions = { db: Db; tenant: Tenant; ownerId: string; threshold: number; context: RequestContext };

/**
 * How many contacts' codes a recovery needs: from the tenant's threshold (never fewer) up to its
 * maximum number of contacts. Callers require a fresh step-up (S12).
 */
export async function setContactThreshold(options: SetContactThresholdOptions): Promise<{ threshold: number }> {
  const { db, tenant, ownerId, threshold, context } = options;
  assertContactsEnabled(tenant);
  const { threshold: min, max } = tenant.policy.contacts;
  if (!Number.isInteger(threshold) || threshold < min || threshold > max) {
    throw new AppError("BAD_REQUEST", min === max ? `Recovery here always needs ${min} contacts.` : `Choose a number from ${min} to ${max}.`);
  }
  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const owner = await lockOwner(tx, tenant.id, ownerId);
    const before = await tx.user.update({ where: { id: ownerId }, data: { contactThreshold: threshold }, select: { id: true } });
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: before.id, actor: { type: "user", id: ownerId }, type: "contacts.threshold_changed", context, data: { threshold } });
    const sentence = `Recovering your account now needs codes from ${threshold} trusted contacts`;
    await notifyOwner({ tx, queueEmail, queueSms, tenant, user: owner, what: sentence, sms: `${sentence}.`, context });
    return { threshold };
  });
}
