import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { seal } from "../crypto/secret-box";
import { hours, systemClock, type Clock } from "../clock";
import { generateWebhookSecret } from "./sign-webhook";
import { lockWebhookEndpoint } from "./webhook-endpoint-summary";

export type RotateWebhookSecretOptions = { db: Db; tenantId: string; actor: AuditActor; endpointId: string; context: RequestContext; clock?: Clock };

/** How long the old secret keeps signing beside the new one, so a receiver can switch without losing events. */
export const webhookSecretOverlapMs = hours(24);

/**
 * A new signing secret, shown once. For the next 24 hours every delivery carries two signatures
 * (new and old), the Standard Webhooks way to rotate without downtime. Rotating again inside the
 * overlap drops the oldest secret: only the current and the one before it ever sign.
 */
export async function rotateWebhookSecret(options: RotateWebhookSecretOptions): Promise<{ secret: string; previousSecretUntil: Date }> {
  const { db, tenantId, actor, endpointId, context, clock = systemClock } = options;
  const secret = generateWebhookSecret();
  return db.$transaction(async (tx) => {
    await lockWebhookEndpoint(tx, tenantId, endpointId);
    const { sealedSecret } = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId }, select: { sealedSecret: true } });
    const previousSecretUntil = new Date(clock.now().getTime() + webhookSecretOverlapMs);
    await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: { sealedSecret: seal(secret), sealedPreviousSecret: sealedSecret, previousSecretUntil },
    });
    await recordAuditEvent({
      db: tx,
      tenantId,
      userId: null,
      actor,
      type: "webhook.secret_rotated",
      context,
      data: { endpointId, previousSecretUntil: previousSecretUntil.toISOString() },
    });
    return { secret, previousSecretUntil };
  });
}
