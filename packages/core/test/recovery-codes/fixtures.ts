import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../src/audit/request-context";
import { hashToken, newSecretToken } from "../../src/crypto/tokens";
import { getDb } from "../../src/db/client";
import { newId } from "../../src/ids";
import { issueRecoveryCodes, type IssuedRecoveryCodes } from "../../src/recovery-codes/issue-recovery-codes";
import { formatRecoveryCode, generateRecoveryCode } from "../../src/recovery-codes/recovery-code-format";
import type { Tenant } from "../../src/tenants/get-tenant-by-slug";

export const firefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

export function testContext(): RequestContext {
  return { ip: `192.0.2.${1 + (randomBytes(1)[0]! % 254)}`, userAgent: firefoxOnLinux };
}

/** A set issued straight into use (as regenerating does), outside any other change. */
export function issueWorkingSet(tenant: Tenant, userId: string): Promise<IssuedRecoveryCodes> {
  return getDb().$transaction((tx) => issueRecoveryCodes({ tx, tenant, userId, confirmed: true }));
}

/** A set shown to the owner and waiting for one code to be typed back (S21). */
export function issuePendingSet(tenant: Tenant, userId: string): Promise<IssuedRecoveryCodes> {
  return getDb().$transaction((tx) => issueRecoveryCodes({ tx, tenant, userId, confirmed: false }));
}

/**
 * Gives the user a working second factor as a bare row, for tests about codes rather than factors:
 * recovery codes come with two-step verification, and regenerating needs it on. `waiting` leaves it
 * verified but inactive, as a first factor is until its codes are saved (S21).
 */
export async function addFactorRow(tenant: Tenant, userId: string, options: { waiting?: boolean } = {}): Promise<string> {
  const now = new Date();
  const { id } = await getDb().factor.create({
    data: {
      id: newId("factor"),
      tenantId: tenant.id,
      userId,
      type: "sms",
      name: "Phone",
      phoneE164: `+447400${String(100000 + (randomBytes(3).readUIntBE(0, 3) % 900000))}`,
      verifiedAt: now,
      activatedAt: options.waiting ? null : now,
    },
    select: { id: true },
  });
  return id;
}

/** A well-formed code that belongs to nobody. */
export function strangerCode(): string {
  return formatRecoveryCode(generateRecoveryCode("set"));
}

/** A live session row of the user, optionally owing a new set of codes. */
export async function createSessionRow(tenant: Tenant, userId: string, recoveryCodesDue: boolean): Promise<string> {
  const { id } = await getDb().session.create({
    data: {
      id: newId("session"),
      tenantId: tenant.id,
      userId,
      tokenHash: hashToken(newSecretToken()),
      expiresAt: new Date(Date.now() + 60 * 60_000),
      recoveryCodesDue,
    },
    select: { id: true },
  });
  return id;
}

/** The user's audit event types, sorted: rows of one transaction share a timestamp. */
export async function auditTypes(tenantId: string, userId: string): Promise<string[]> {
  const rows = await getDb().auditEvent.findMany({ where: { tenantId, userId }, select: { type: true } });
  return rows.map((row) => row.type).sort();
}

export { expectAppError, tallyCodes } from "../app-error-assertions";
