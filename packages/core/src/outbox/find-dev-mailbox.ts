import { open } from "../crypto/secret-box";
import type { DbOrTx } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors/app-error";
import type { OutboxChannel, OutboxStatus } from "../generated/prisma/client";

export type FindDevMailboxOptions = {
  db: DbOrTx;
  /** Newest first; at most 200. */
  limit?: number;
};

export type DevMailboxMessage = {
  id: string;
  channel: OutboxChannel;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  status: OutboxStatus;
  createdAt: Date;
};

/**
 * The development mail viewer's data: the newest outbox messages of every tenant with their bodies
 * opened. Bodies hold live single-use links, so this refuses unless REKEY_DEV_MAILBOX is on, which
 * env() in turn refuses in production. No override option on purpose: a caller cannot talk its way
 * past the switch.
 */
export async function findDevMailbox(options: FindDevMailboxOptions): Promise<DevMailboxMessage[]> {
  const { db, limit = 50 } = options;
  if (!env().REKEY_DEV_MAILBOX) throw new AppError("FORBIDDEN", "The development mailbox is turned off");
  const rows = await db.outboxMessage.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(Math.trunc(limit), 1), 200),
    omit: { sealedBody: false },
  });
  return rows.map((row) => {
    const body = readBody(row.sealedBody);
    return {
      id: row.id,
      channel: row.channel,
      to: row.recipient,
      subject: row.subject,
      text: body.text,
      html: body.html,
      status: row.status,
      createdAt: row.createdAt,
    };
  });
}

function readBody(sealedBody: string): { text: string; html: string | null } {
  try {
    const parsed = JSON.parse(open(sealedBody)) as { text?: unknown; html?: unknown };
    return {
      text: typeof parsed.text === "string" ? parsed.text : "",
      html: typeof parsed.html === "string" ? parsed.html : null,
    };
  } catch {
    // Sealed under a key this machine no longer has (a copied database, a rotated-out key).
    return { text: "(this message cannot be opened with the configured keys)", html: null };
  }
}
