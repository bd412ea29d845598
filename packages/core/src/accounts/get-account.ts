import type { DbOrTx } from "../db/client";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { noSuchAccount } from "./require-tenant-account";

/** An account as a tenant app sees it: no hash, no factor detail, nothing that could sign in. */
export type AccountSummary = {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  createdAt: Date;
  disabled: boolean;
  disabledAt: Date | null;
  /** Two-step verification is on: at least one active second factor. */
  hasTwoFactor: boolean;
};

export const accountSummarySelect = {
  id: true,
  email: true,
  name: true,
  emailVerifiedAt: true,
  createdAt: true,
  disabledAt: true,
  _count: { select: { factors: { where: { activatedAt: { not: null } } } } },
} as const;

type SummaryRow = { id: string; email: string; name: string; emailVerifiedAt: Date | null; createdAt: Date; disabledAt: Date | null; _count: { factors: number } };

export function toAccountSummary(row: SummaryRow): AccountSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt,
    disabled: row.disabledAt !== null,
    disabledAt: row.disabledAt,
    hasTwoFactor: row._count.factors > 0,
  };
}

export type GetAccountOptions = { db: DbOrTx; tenant: Tenant; userId: string };

/** One account of the tenant; another tenant's answers as a missing one (S28). */
export async function getAccount(options: GetAccountOptions): Promise<AccountSummary> {
  const { db, tenant, userId } = options;
  const row = await db.user.findFirst({ where: { id: userId, tenantId: tenant.id }, select: accountSummarySelect });
  if (!row) throw noSuchAccount();
  return toAccountSummary(row);
}
