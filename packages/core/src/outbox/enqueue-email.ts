import type { DbOrTx } from "../db/client";
import { seal } from "../crypto/secret-box";
import { newId } from "../ids";

export type EnqueueEmailOptions = {
  /** The transaction of the event that causes the mail: both commit or neither does. */
  db: DbOrTx;
  tenantId: string;
  userId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
};

/** Queues an email in the outbox; the worker delivers it. Returns the message id. */
export async function enqueueEmail(options: EnqueueEmailOptions): Promise<string> {
  const { db, tenantId, userId, to, subject, text, html } = options;
  const id = newId("outboxMessage");
  await db.outboxMessage.create({
    data: {
      id,
      tenantId,
      userId,
      channel: "email",
      recipient: to,
      subject,
      // Bodies carry single-use links: sealed at rest like every other secret (S2).
      sealedBody: seal(JSON.stringify({ text, html: html ?? null })),
    },
  });
  return id;
}
