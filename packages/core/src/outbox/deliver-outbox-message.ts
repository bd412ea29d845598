import { z } from "zod";
import { open } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { MailTransport } from "../mail/mail-transport";
import type { SmsProvider } from "../sms/sms-provider";
import { outboxMaxAttempts } from "./outbox-jobs";

export type DeliverOutboxMessageOptions = {
  /** Not a transaction: delivery runs in its own, holding the row lock while the transport sends. */
  db: Db;
  messageId: string;
  transport: MailTransport;
  /** Delivers the `sms` channel; without one, text messages fail (and are retried) like a failed send. */
  smsProvider?: SmsProvider;
  /** Failed attempts after which the message is marked `failed`; see outbox-jobs.ts. */
  maxAttempts?: number;
};

export type DeliverOutboxMessageResult =
  | { outcome: "sent" }
  | { outcome: "skipped"; reason: "not-found" | "already-sent" | "failed" | "in-progress" };

const sealedBodySchema = z.object({ text: z.string(), html: z.string().nullable() });

/**
 * Delivers one outbox message. On a transport failure the attempt is recorded (attempts + 1 and the
 * error message, never the body), the message becomes `failed` once `maxAttempts` is reached, and
 * an UNAVAILABLE AppError is thrown so pg-boss retries with back-off.
 */
export async function deliverOutboxMessage(options: DeliverOutboxMessageOptions): Promise<DeliverOutboxMessageResult> {
  const { db, messageId, transport, smsProvider, maxAttempts = outboxMaxAttempts } = options;
  const result = await db.$transaction(
    async (tx) => {
      // The row stays locked until the send is recorded, so a second delivery of the same message
      // (an expired job's retry, a manual re-run) skips it instead of mailing it twice. A crash
      // mid-send ends the connection and with it the lock: no "sending" state can get stuck.
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "outbox_message" WHERE "id" = ${messageId} FOR UPDATE SKIP LOCKED`;
      if (locked.length === 0) {
        const exists = await tx.outboxMessage.findUnique({ where: { id: messageId }, select: { id: true } });
        return skipped(exists ? "in-progress" : "not-found");
      }
      const message = await tx.outboxMessage.findUniqueOrThrow({ where: { id: messageId }, omit: { sealedBody: false } });
      if (message.status === "sent") return skipped("already-sent");
      if (message.status === "failed") return skipped("failed");

      try {
        const body = openBody(message.sealedBody);
        if (message.channel === "sms") {
          if (!smsProvider) throw new Error("No SMS provider configured for the sms channel");
          await smsProvider.send({ to: message.recipient, body: body.text });
        } else {
          await transport.send({ to: message.recipient, subject: message.subject, text: body.text, html: body.html ?? undefined });
        }
      } catch (error) {
        const lastError = describeFailure(error);
        const attempts = message.attempts + 1;
        await tx.outboxMessage.update({
          where: { id: messageId },
          data: { attempts, lastError, status: attempts >= maxAttempts ? "failed" : "pending" },
        });
        return { outcome: "error" as const, lastError, attempts };
      }

      // Conditional on `pending` even under the lock: a message is marked sent at most once.
      await tx.outboxMessage.updateMany({
        where: { id: messageId, status: "pending" },
        data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 } },
      });
      return { outcome: "sent" as const };
    },
    // Longer than the SMTP transport's and the SMS provider's own timeouts, so a slow server fails
    // the send, not the transaction (which would lose the record of the attempt).
    { maxWait: 10_000, timeout: 120_000 },
  );

  if (result.outcome === "error") {
    throw new AppError("UNAVAILABLE", `Delivery of ${messageId} failed (attempt ${result.attempts}): ${result.lastError}`);
  }
  return result;
}

function openBody(sealedBody: string) {
  const plaintext = open(sealedBody);
  try {
    return sealedBodySchema.parse(JSON.parse(plaintext));
  } catch {
    // JSON.parse quotes the start of its input in its message: that would be the body itself.
    throw new Error("The sealed body is not a valid message");
  }
}

function skipped(reason: "not-found" | "already-sent" | "failed" | "in-progress") {
  return { outcome: "skipped" as const, reason };
}

/**
 * The error message only, never the error object: pg-boss stores whatever is thrown in its job
 * table, and SMTP servers sometimes quote the offending URL back (spam filters do) — which here is
 * a single-use link. URLs are therefore cut out too.
 */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, "[url]")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 500);
}
