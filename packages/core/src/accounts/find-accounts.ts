import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { accountSummarySelect, toAccountSummary, type AccountSummary } from "./get-account";
import { normalizeEmail } from "./normalize-email";

export const accountPageSize = { default: 50, max: 100 } as const;

export type FindAccountsOptions = {
  db: Db;
  tenant: Tenant;
  /** `nextCursor` of the page before; none for the first page. */
  cursor?: string | null;
  limit?: number;
  /** Exact address (compared after trimming and lower-casing, as accounts are stored). */
  email?: string | null;
};

export type AccountPage = { users: AccountSummary[]; nextCursor: string | null };

type Position = { createdAt: Date; id: string };

// The cursor is the last row's position (createdAt, id), base64url-encoded so callers treat it as
// opaque. Keyset pagination: a page is as cheap at the end of the list as at its start, and rows
// added or removed meanwhile neither repeat nor shift the pages that follow.
function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdAt.getTime()}.${position.id}`).toString("base64url");
}

/** The position in a cursor, or null when it is not one this function made. */
export function decodeAccountCursor(cursor: string): Position | null {
  const match = /^(\d{1,15})\.(usr_[A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) return null;
  const createdAt = new Date(Number(match[1]));
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id: match[2]! };
}

/**
 * The tenant's accounts, oldest first (by creation time, then id: a stable order), a page at a
 * time. With `email`, the one account with that exact address (or none): an exact match, not a
 * prefix search, so a key cannot be used to sweep the address book by first letters any faster
 * than by paging.
 */
export async function findAccounts(options: FindAccountsOptions): Promise<AccountPage> {
  const { db, tenant, cursor, limit = accountPageSize.default, email } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > accountPageSize.max) {
    throw new AppError("BAD_REQUEST", `Ask for 1 to ${accountPageSize.max} accounts a page.`);
  }
  const after = cursor ? decodeAccountCursor(cursor) : null;
  if (cursor && !after) throw new AppError("BAD_REQUEST", "That cursor is not valid: pass the nextCursor of the page before, unchanged.");
  const rows = await db.user.findMany({
    where: {
      tenantId: tenant.id,
      ...(email ? { email: normalizeEmail(email) } : {}),
      ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit + 1,
    select: accountSummarySelect,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { users: page.map(toAccountSummary), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
