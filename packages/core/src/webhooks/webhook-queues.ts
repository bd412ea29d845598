// pg-boss queues of the event feed's webhooks. The schedule of attempts lives in webhook_delivery
// (nextAttemptAt), not in pg-boss's retry policy: each attempt is its own job, sent with
// startAfter = nextAttemptAt. pg-boss's own retries only cover a handler that crashed.

export const webhookDeliverQueue = "webhook.deliver";
export const webhookSweepQueue = "webhook.sweep";
export const apiKeyExpiryQueue = "api_key.expiry";

export type WebhookDeliverJobData = { deliveryId: string };

export const webhookJobRetryLimit = 2;
export const webhookJobRetryDelaySeconds = 30;
/** A delivery job takes at most the 10 s request timeout plus two short transactions. */
export const webhookJobExpireSeconds = 120;
