import type { Db } from "../db/client";
import type { RecoveryCodeStyle } from "../generated/prisma/client";
import { describeUserAgent } from "../sessions/describe-user-agent";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { maskRecoveryCode } from "./recovery-code-format";

export type FindRecoveryCodeStatusOptions = { db: Db; tenant: Tenant; userId: string };

export type UsedRecoveryCode = {
  /** 1-based, in the order the codes were shown. */
  position: number;
  /** Only the last four characters, from a code that is already dead ("••••-••••-••••-7K2F"). */
  maskedCode: string;
  usedAt: Date;
  browser: string;
  os: string;
  ip: string;
};

export type RecoveryCodeStatus = {
  style: RecoveryCodeStyle;
  total: number;
  remaining: number;
  createdAt: Date;
  /** Few left (the tenant's warnAtOrBelow) or none: time to make a new set (S23). */
  warn: boolean;
  /** Oldest use first. */
  used: UsedRecoveryCode[];
};

/**
 * What the security page shows about the working set: "7 of 10 left" and when, where and in what
 * browser each used code was used. Null when the user has no working set. Nothing that could sign
 * in leaves here (S21): no hash, no salt, no whole code.
 */
export async function findRecoveryCodeStatus(options: FindRecoveryCodeStatusOptions): Promise<RecoveryCodeStatus | null> {
  const { db, tenant, userId } = options;
  const set = await db.recoveryCodeSet.findFirst({
    where: { tenantId: tenant.id, userId, confirmedAt: { not: null }, replacedAt: null },
    select: {
      style: true,
      createdAt: true,
      codes: { select: { position: true, usedAt: true, usedIp: true, usedUserAgent: true, usedHint: true }, orderBy: { position: "asc" } },
    },
  });
  if (!set) return null;
  const used = set.codes
    .flatMap((code) => (code.usedAt ? [{ ...code, usedAt: code.usedAt }] : []))
    .sort((a, b) => a.usedAt.getTime() - b.usedAt.getTime() || a.position - b.position)
    .map((code) => {
      const { browser, os } = describeUserAgent(code.usedUserAgent ?? "");
      return { position: code.position, maskedCode: maskRecoveryCode(set.style, code.usedHint ?? "????"), usedAt: code.usedAt, browser, os, ip: code.usedIp ?? "" };
    });
  const total = set.codes.length;
  const remaining = total - used.length;
  // A key is always "one left" until it is used, which is no reason to warn; a set with few left is.
  const warn = remaining === 0 || (set.style === "set" && remaining <= tenant.policy.recoveryCodes.warnAtOrBelow);
  return { style: set.style, total, remaining, createdAt: set.createdAt, warn, used };
}
