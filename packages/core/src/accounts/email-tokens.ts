import type { DbOrTx } from "../db/client";
import { hashToken, newSecretToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import type { EmailTokenPurpose } from "../generated/prisma/client";
import { newId } from "../ids";

// Single-use links (S8): 256 random bits, only the hash stored, consumed by one conditional
// UPDATE so two clicks (or two racing requests) succeed at most once.

export const emailTokenLifetimeMinutes: Record<EmailTokenPurpose, number> = {
  verify_email: 24 * 60,
  reset_password: 60,
  change_email: 24 * 60,
  // It can only take access away (sign out, force a reset), and notices are often read late.
  not_me: 7 * 24 * 60,
  // It can only stop a recovery, and must work for as long as the recovery can run (its waiting
  // period, at most 30 days by tenant policy, plus a day).
  cancel_recovery: 31 * 24 * 60,
  // Like not_me, and long enough to outlast the post-recovery freeze.
  undo_recovery: 7 * 24 * 60,
  // It hands the account over (S8: at most a day).
  support_recovery: 24 * 60,
};

export type IssueEmailTokenOptions = {
  db: DbOrTx;
  tenantId: string;
  userId: string;
  purpose: EmailTokenPurpose;
  newEmail?: string;
  /**
   * Leave the earlier links of this purpose working: a second notice about the same recovery must
   * not kill the cancel link of the first (the owner may only ever read the text message).
   */
  keepEarlier?: boolean;
  /** A lifetime of its own, shorter or longer than the purpose's (an invitation's set-password link). */
  lifetimeMinutes?: number;
};

/** Creates a token and returns it in clear; this is the only moment it exists outside a mail. */
export async function issueEmailToken(options: IssueEmailTokenOptions): Promise<string> {
  const { db, tenantId, userId, purpose, newEmail, keepEarlier = false, lifetimeMinutes = emailTokenLifetimeMinutes[purpose] } = options;
  const token = newSecretToken();
  // Asking again replaces the earlier link: only the newest one works.
  if (!keepEarlier) await db.emailToken.updateMany({ where: { tenantId, userId, purpose, usedAt: null }, data: { usedAt: new Date() } });
  await db.emailToken.create({
    data: {
      id: newId("emailToken"),
      tenantId,
      userId,
      purpose,
      newEmail: newEmail ?? null,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + lifetimeMinutes * 60_000),
    },
  });
  return token;
}

export type ConsumeEmailTokenOptions = { db: DbOrTx; tenantId: string; purpose: EmailTokenPurpose; token: string };

/** Marks the token used and returns its row, or throws TOKEN_INVALID (unknown, used or expired). */
export async function consumeEmailToken(options: ConsumeEmailTokenOptions) {
  const { db, tenantId, purpose, token } = options;
  // The columns hold UTC wall-clock time (Prisma writes them so); a bare now() would be read in
  // the session's time zone and stretch or cut every link's lifetime by the server's UTC offset.
  const rows = await db.$queryRaw<{ id: string; userId: string; newEmail: string | null; createdAt: Date }[]>`
    UPDATE email_token SET "usedAt" = now() AT TIME ZONE 'UTC'
    WHERE "tokenHash" = ${hashToken(token)} AND "tenantId" = ${tenantId} AND purpose = ${purpose}::"EmailTokenPurpose"
      AND "usedAt" IS NULL AND "expiresAt" > now() AT TIME ZONE 'UTC'
    RETURNING id, "userId", "newEmail", "createdAt"`;
  const row = rows[0];
  if (!row) throw new AppError("TOKEN_INVALID", "This link has expired or was already used. Ask for a new one.");
  return row;
}
