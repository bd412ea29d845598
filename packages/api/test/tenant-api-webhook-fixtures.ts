import { getDb } from "@rekey/core/db";
import { recordAuditEvent, sequenceEvents, type AuditEventType } from "@rekey/core";

// Fixtures for the tenant API's events and webhooks procedures: events written the way product
// code writes them (an audit row in its own transaction), numbered by the real sequencer, and a
// snapshot of everything a webhook call could change.

export const eventContext = { ip: "198.51.100.30", userAgent: "vitest" };

export async function writeEvents(tenantId: string, count: number, type: AuditEventType = "account.signed_in") {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    ids.push((await recordAuditEvent({ db: getDb(), tenantId, userId: null, actor: { type: "system" }, type, context: eventContext, data: { index } })).id);
  }
  return ids;
}

/** Numbers the tenant's new events (and makes their deliveries) without queueing jobs. */
export async function sequence(tenantId: string) {
  while ((await sequenceEvents({ db: getDb(), tenantIds: [tenantId], dispatch: false })).numbered > 0);
}

export async function webhookSnapshot(tenantId: string) {
  const db = getDb();
  return JSON.stringify([
    await db.webhookEndpoint.findMany({ where: { tenantId }, orderBy: { id: "asc" }, omit: { sealedSecret: false, sealedPreviousSecret: false } }),
    await db.webhookDelivery.findMany({ where: { tenantId }, orderBy: { id: "asc" } }),
    await db.auditEvent.count({ where: { tenantId } }),
  ]);
}
