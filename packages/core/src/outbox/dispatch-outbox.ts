import { getJobQueue } from "./job-queue";
import { outboxJobId } from "./outbox-job-id";
import {
  outboxDeliverQueue,
  outboxJobExpireSeconds,
  outboxRetryDelaySeconds,
  outboxRetryLimit,
  type OutboxDeliverJobData,
} from "./outbox-jobs";
import type { JobQueue } from "./start-job-queue";

export type DispatchOutboxOptions = {
  /** Ids of outbox rows that are already committed. */
  messageIds: string[];
  /** Defaults to the shared publisher (`getJobQueue()`); the worker and tests pass their own. */
  queue?: JobQueue | Promise<JobQueue>;
  /** The web request waits at most this long for pg-boss before giving up on it. */
  timeoutMs?: number;
  log?: (line: string) => void;
};

export type DispatchOutboxResult = {
  /** Messages that now have a delivery job (new, or one that already existed). */
  queued: string[];
  /** Messages left for the sweep because pg-boss could not be reached. */
  notQueued: string[];
};

/**
 * Hands committed outbox messages to the worker, one pg-boss job each. Never throws: the messages
 * are already safe in the outbox, and the sweep re-dispatches anything still pending after a
 * minute, so an unreachable queue must not turn a completed password reset into an error page.
 */
export async function dispatchOutbox(options: DispatchOutboxOptions): Promise<DispatchOutboxResult> {
  const { messageIds, timeoutMs = 5_000 } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const queued: string[] = [];
  if (messageIds.length === 0) return { queued, notQueued: [] };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pg-boss did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const send = async () => {
    const boss = await (options.queue ?? getJobQueue());
    for (const messageId of messageIds) {
      const data: OutboxDeliverJobData = { messageId };
      await boss.send(outboxDeliverQueue, data, {
        id: outboxJobId(messageId),
        singletonKey: messageId,
        retryLimit: outboxRetryLimit,
        retryDelay: outboxRetryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: outboxJobExpireSeconds,
      });
      queued.push(messageId);
    }
  };
  try {
    await Promise.race([send(), timeout]);
  } catch (error) {
    const notQueued = messageIds.filter((id) => !queued.includes(id));
    // Ids only: the error comes from pg or pg-boss and never holds a message body.
    log(`outbox: could not queue ${notQueued.length} message(s) (${notQueued.join(", ")}), the sweep will retry: ${errorMessage(error)}`);
    return { queued: [...queued], notQueued };
  } finally {
    clearTimeout(timer);
  }
  return { queued, notQueued: [] };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
