import type { DbOrTx } from "../db/client";
import { dispatchOutbox, type DispatchOutboxResult } from "./dispatch-outbox";
import { outboxSweepAfterSeconds } from "./outbox-jobs";
import type { JobQueue } from "./start-job-queue";

export type SweepOutboxOptions = {
  db: DbOrTx;
  /** Defaults to the shared publisher; the worker passes its own instance. */
  queue?: JobQueue | Promise<JobQueue>;
  /** Younger messages are left alone: their own dispatch right after commit is still under way. */
  olderThanSeconds?: number;
  /** Upper bound per run; the next minute's sweep takes the rest. */
  limit?: number;
  log?: (line: string) => void;
};

export type SweepOutboxResult = DispatchOutboxResult & { found: number };

/**
 * Re-dispatches messages still pending after a minute: a process that died between commit and
 * dispatch, or a dispatch that found pg-boss unreachable, loses nothing. Re-dispatching a message
 * whose job still exists (waiting for a retry) is a no-op, because job ids derive from message ids.
 */
export async function sweepOutbox(options: SweepOutboxOptions): Promise<SweepOutboxResult> {
  const { db, queue, olderThanSeconds = outboxSweepAfterSeconds, limit = 500, log } = options;
  const stale = await db.outboxMessage.findMany({
    where: { status: "pending", createdAt: { lt: new Date(Date.now() - olderThanSeconds * 1000) } },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true },
  });
  if (stale.length === 0) return { found: 0, queued: [], notQueued: [] };
  const dispatched = await dispatchOutbox({ messageIds: stale.map((message) => message.id), queue, log });
  return { found: stale.length, ...dispatched };
}
