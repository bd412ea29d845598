import type { Db } from "../db/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemRequestContext } from "../audit/request-context";
import { days, systemClock, type Clock } from "../clock";
import { mailTenantAdmins } from "../events/mail-tenant-admins";
import { defaultTenantSlug, tenantPageUrl } from "../notifications/links";
import { dispatchOutbox } from "../outbox/dispatch-outbox";
import type { JobQueue } from "../outbox/start-job-queue";

export type WarnExpiringApiKeysOptions = {
  db: Db;
  clock?: Clock;
  queue?: JobQueue | Promise<JobQueue>;
  /** false: queue the mail in the outbox but do not hand it to the worker (tests). */
  dispatch?: boolean;
  log?: (line: string) => void;
};

/** Keys are warned about this long before they expire. */
export const apiKeyExpiryWarningMs = days(7);

/**
 * Writes `api_key.expiring` for every live key that expires within a week, once per key
 * (api_key.expiryWarnedAt, set by a conditional UPDATE, so two workers running this at once warn
 * once), and mails the tenant's admins in the same transaction. Being an audit event, the warning
 * also reaches the tenant's event feed and webhooks: an app's own key running out is a security event.
 */
export async function warnExpiringApiKeys(options: WarnExpiringApiKeysOptions): Promise<{ warned: string[] }> {
  const { db, clock = systemClock, dispatch = true } = options;
  const now = clock.now();
  const candidates = await db.apiKey.findMany({
    where: { revokedAt: null, expiryWarnedAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + apiKeyExpiryWarningMs) } },
    select: { id: true },
    take: 500,
  });
  const warned: string[] = [];
  const messageIds: string[] = [];
  for (const { id } of candidates) {
    const ids = await db.$transaction(async (tx) => {
      const [key] = await tx.apiKey.updateManyAndReturn({
        where: { id, revokedAt: null, expiryWarnedAt: null },
        data: { expiryWarnedAt: now },
        select: { id: true, tenantId: true, name: true, prefix: true, expiresAt: true },
      });
      if (!key || !key.expiresAt) return null;
      await recordAuditEvent({
        db: tx,
        tenantId: key.tenantId,
        userId: null,
        actor: { type: "system" },
        type: "api_key.expiring",
        context: systemRequestContext,
        data: { apiKeyId: key.id, name: key.name, prefix: key.prefix, expiresAt: key.expiresAt.toISOString() },
      });
      const url = tenantPageUrl({ slug: defaultTenantSlug }, `/staff/developers?tenant=${encodeURIComponent(key.tenantId)}`);
      return mailTenantAdmins({
        tx,
        tenantId: key.tenantId,
        subject: `The API key "${key.name}" expires soon`,
        paragraphs: [
          `The API key "${key.name}" (${key.prefix}…) expires on ${key.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Calls made with it will then be refused.`,
          "Create a new key, switch your app to it, then revoke the old one.",
        ],
        action: { label: "Open the Developers page", url },
      });
    });
    if (ids === null) continue;
    warned.push(id);
    messageIds.push(...ids);
  }
  if (dispatch && messageIds.length > 0) await dispatchOutbox({ messageIds, queue: options.queue, log: options.log });
  return { warned };
}
