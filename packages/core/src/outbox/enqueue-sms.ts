import type { DbOrTx } from "../db/client";
import { seal } from "../crypto/secret-box";
import { newId } from "../ids";

export type EnqueueSmsOptions = {
  /** The transaction of the event that causes the text: both commit or neither does. */
  db: DbOrTx;
  tenantId: string;
  userId: string | null;
  /** E.164. */
  to: string;
  text: string;
};

/** Queues a text message in the outbox; the worker delivers it through the SMS provider. Returns the message id. */
export async function enqueueSms(options: EnqueueSmsOptions): Promise<string> {
  const { db, tenantId, userId, to, text } = options;
  const id = newId("outboxMessage");
  await db.outboxMessage.create({
    data: {
      id,
      tenantId,
      userId,
      channel: "sms",
      recipient: to,
      // Texts have no subject; this labels the row in the dev mail viewer.
      subject: "Text message",
      // The body is a live one-time code: sealed at rest like every other secret (S2). Same shape
      // as a mail's, so the dev mail viewer opens it.
      sealedBody: seal(JSON.stringify({ text, html: null })),
    },
  });
  return id;
}
