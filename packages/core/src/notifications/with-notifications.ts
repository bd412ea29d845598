import type { Db, Tx } from "../db/client";
import { dispatchOutbox } from "../outbox/dispatch-outbox";
import { enqueueEmail, type EnqueueEmailOptions } from "../outbox/enqueue-email";
import { enqueueSms, type EnqueueSmsOptions } from "../outbox/enqueue-sms";

export type QueueEmail = (message: Omit<EnqueueEmailOptions, "db">) => Promise<void>;
export type QueueSms = (message: Omit<EnqueueSmsOptions, "db">) => Promise<void>;

/**
 * Runs `work` in one transaction in which mail and texts can be queued: the change, its audit row
 * and its messages commit together or not at all. Delivery is handed to the worker after the commit.
 */
export async function withNotifications<T>(db: Db, work: (tx: Tx, queueEmail: QueueEmail, queueSms: QueueSms) => Promise<T>): Promise<T> {
  const messageIds: string[] = [];
  const result = await db.$transaction(async (tx) =>
    work(
      tx,
      async (message) => {
        messageIds.push(await enqueueEmail({ db: tx, ...message }));
      },
      async (message) => {
        messageIds.push(await enqueueSms({ db: tx, ...message }));
      },
    ),
  );
  if (messageIds.length > 0) await dispatchOutbox({ messageIds });
  return result;
}
