import type { Db, Tx } from "../db/client";
import { dispatchOutbox } from "../outbox/dispatch-outbox";
import { enqueueEmail, type EnqueueEmailOptions } from "../outbox/enqueue-email";

export type QueueEmail = (message: Omit<EnqueueEmailOptions, "db">) => Promise<void>;

/**
 * Runs `work` in one transaction in which mail can be queued: the change, its audit row and its
 * messages commit together or not at all. Delivery is handed to the worker after the commit.
 */
export async function withNotifications<T>(db: Db, work: (tx: Tx, queueEmail: QueueEmail) => Promise<T>): Promise<T> {
  const messageIds: string[] = [];
  const result = await db.$transaction(async (tx) =>
    work(tx, async (message) => {
      messageIds.push(await enqueueEmail({ db: tx, ...message }));
    }),
  );
  if (messageIds.length > 0) await dispatchOutbox({ messageIds });
  return result;
}
