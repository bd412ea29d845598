import type { DbOrTx } from "../db/client";
import { hashToken } from "../crypto/tokens";
import type { EmailTokenPurpose } from "../generated/prisma/client";
import type { Tenant } from "../tenants/get-tenant-by-slug";

/**
 * `used` also covers a link replaced by a newer one (asking again uses the older link up, in
 * issueEmailToken); `unknown` is a link of another tenant or purpose, or none at all.
 */
export type EmailTokenStatus = "usable" | "used" | "expired" | "unknown";

export type GetEmailTokenStatusOptions = { db: DbOrTx; tenant: Tenant; purpose: EmailTokenPurpose; token: string };

/**
 * Whether an emailed link would still work, so its page can say so before asking for anything.
 * Reads only: the link stays as it was, and the consume that follows remains the one guarantee
 * of single use. Answers nothing about the account behind the link (S5): the only way to learn
 * a status is to hold a link, and the answer is the same for every account.
 */
export async function getEmailTokenStatus(options: GetEmailTokenStatusOptions): Promise<EmailTokenStatus> {
  const { db, tenant, purpose, token } = options;
  const row = await db.emailToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { tenantId: true, purpose: true, usedAt: true, expiresAt: true } });
  if (!row || row.tenantId !== tenant.id || row.purpose !== purpose) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt <= new Date()) return "expired";
  return "usable";
}
