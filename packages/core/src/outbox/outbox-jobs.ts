// pg-boss queue names and the retry policy of outbox deliveries, shared by the publisher (web
// process) and the worker.

export const outboxDeliverQueue = "outbox.deliver";
export const outboxSweepQueue = "outbox.sweep";

export type OutboxDeliverJobData = { messageId: string };

/**
 * Retries after the first attempt. With a 15 s base and pg-boss's exponential back-off (each wait
 * between 15·2^(n-1) and 15·2^n seconds) ten retries span roughly 4 to 8.5 hours: an SMTP outage of
 * an afternoon delays mail but loses none, and the last retry lands well inside the 24 h lifetime
 * of an emailed link.
 */
export const outboxRetryLimit = 10;
export const outboxRetryDelaySeconds = 15;

/** After this many failed attempts a message is marked `failed` and nothing retries it any more. */
export const outboxMaxAttempts = outboxRetryLimit + 1;

/** A delivery job that runs longer than this is failed by pg-boss and retried. */
export const outboxJobExpireSeconds = 300;

/** Messages still pending this long after they were written are re-dispatched by the sweep. */
export const outboxSweepAfterSeconds = 60;
