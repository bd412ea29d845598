import type { Db } from "../db/client";
import { systemClock, type Clock } from "../clock";
import { findTrustedContacts } from "../contacts/find-trusted-contacts";
import { findFactors } from "../factors/find-factors";
import type { FactorType, RecoveryCodeStyle } from "../generated/prisma/client";
import { findRecoveryCodeStatus } from "../recovery-codes/find-recovery-code-status";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { factorKind, recoveryReadiness, type RecoveryReadiness } from "./recovery-readiness";
import { requireTenantAccount } from "./require-tenant-account";

export type GetAccountSecurityStatusOptions = { db: Db; tenant: Tenant; userId: string; clock?: Clock };

export type AccountSecurityStatus = {
  userId: string;
  disabled: boolean;
  twoFactorEnabled: boolean;
  /** Active second factors, oldest first: what kind and what the owner named it, nothing else. */
  factors: { id: string; type: FactorType; kind: string; name: string; isPasskey: boolean; createdAt: Date; lastUsedAt: Date | null }[];
  recoveryCodes: { hasSet: boolean; style: RecoveryCodeStyle | null; total: number; remaining: number; warn: boolean };
  trustedContacts: { enabled: boolean; usable: number; threshold: number };
  openRecoveries: { trustedContacts: number; support: number };
  /** Sensitive changes are paused until then after a recovery; null when not frozen. */
  recoveryFreezeUntil: Date | null;
  readiness: RecoveryReadiness;
};

/**
 * Where an account stands for the day something is lost (tenant API `users.securityStatus`): the
 * security page's readiness and the counts support staff see, no secret among them (no phone
 * number, credential id, code or hash). Another tenant's account answers as a missing one (S28).
 */
export async function getAccountSecurityStatus(options: GetAccountSecurityStatusOptions): Promise<AccountSecurityStatus> {
  const { db, tenant, userId, clock = systemClock } = options;
  const account = await requireTenantAccount({ db, tenantId: tenant.id, userId });
  const [factors, codes, contacts, openContactRecoveries, openTickets] = await Promise.all([
    findFactors({ db, tenantId: tenant.id, userId }),
    findRecoveryCodeStatus({ db, tenant, userId }),
    findTrustedContacts({ db, tenant, ownerId: userId, clock }),
    db.contactRecovery.count({ where: { tenantId: tenant.id, userId, status: "open" } }),
    db.supportTicket.count({ where: { tenantId: tenant.id, userId, status: { in: ["open", "approved"] } } }),
  ]);
  const contactsSummary = contacts.enabled ? { usableCount: contacts.usableCount, threshold: contacts.threshold } : null;
  return {
    userId,
    disabled: account.disabledAt !== null,
    twoFactorEnabled: factors.length > 0,
    factors: factors.map((factor) => ({
      id: factor.id,
      type: factor.type,
      kind: factorKind(factor),
      name: factor.name,
      isPasskey: factor.isPasskey,
      createdAt: factor.createdAt,
      lastUsedAt: factor.lastUsedAt,
    })),
    recoveryCodes: codes
      ? { hasSet: true, style: codes.style, total: codes.total, remaining: codes.remaining, warn: codes.warn }
      : { hasSet: false, style: null, total: 0, remaining: 0, warn: false },
    trustedContacts: { enabled: contacts.enabled, usable: contacts.usableCount, threshold: contacts.threshold },
    openRecoveries: { trustedContacts: openContactRecoveries, support: openTickets },
    recoveryFreezeUntil: contacts.frozenUntil,
    readiness: recoveryReadiness(factors, codes, contactsSummary),
  };
}
