import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { seal } from "../crypto/secret-box";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { systemClock, type Clock } from "../clock";
import { checkWebhookUrl, type WebhookUrlPolicy } from "./check-webhook-url";
import { generateWebhookSecret } from "./sign-webhook";
import {
  checkEventTypes,
  endpointHost,
  maxWebhookEndpoints,
  toWebhookEndpointSummary,
  webhookEndpointSelect,
  type WebhookEndpointSummary,
} from "./webhook-endpoint-summary";

export type CreateWebhookEndpointOptions = {
  db: Db;
  tenantId: string;
  actor: AuditActor;
  url: string;
  description?: string;
  /** Empty: every event type. */
  eventTypes: string[];
  context: RequestContext;
  clock?: Clock;
  /** Defaults to the configuration (REKEY_WEBHOOK_ALLOW_LOCAL); tests pass a production-like one. */
  urlPolicy?: WebhookUrlPolicy;
};

/**
 * Adds an endpoint. Its signing secret is in the answer and nowhere else in the clear (sealed at
 * rest, since it must be read back to sign). The URL is checked against SSRF here and again on
 * every delivery (check-webhook-url.ts).
 */
export async function createWebhookEndpoint(options: CreateWebhookEndpointOptions): Promise<{ endpoint: WebhookEndpointSummary; secret: string }> {
  const { db, tenantId, actor, description = "", context, clock = systemClock } = options;
  const eventTypes = checkEventTypes(options.eventTypes);
  const url = await checkWebhookUrl({ url: options.url, policy: options.urlPolicy });
  const secret = generateWebhookSecret();
  const now = clock.now();
  return db.$transaction(async (tx) => {
    // The tenant row serialises creation, so the cap holds under concurrent requests.
    await tx.$queryRaw`SELECT id FROM tenant WHERE id = ${tenantId} FOR UPDATE`;
    const count = await tx.webhookEndpoint.count({ where: { tenantId, deletedAt: null } });
    if (count >= maxWebhookEndpoints) {
      throw new AppError("CONFLICT", `You already have ${maxWebhookEndpoints} webhook endpoints. Delete one you no longer use first.`);
    }
    const row = await tx.webhookEndpoint.create({
      data: {
        id: newId("webhookEndpoint"),
        tenantId,
        url,
        description: description.trim(),
        eventTypes,
        sealedSecret: seal(secret),
        createdById: "id" in actor ? actor.id : null,
        createdAt: now,
      },
      select: webhookEndpointSelect,
    });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId: null,
      actor,
      type: "webhook.endpoint_created",
      context,
      data: { endpointId: row.id, host: endpointHost(url), eventTypes },
    });
    return { endpoint: toWebhookEndpointSummary(row, now), secret };
  });
}
