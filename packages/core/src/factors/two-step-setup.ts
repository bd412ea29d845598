import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { queueSecurityNotice } from "../notifications/queue-security-notice";
import { withNotifications } from "../notifications/with-notifications";
import { confirmRecoveryCodes, prepareRecoveryCodeConfirmation } from "../recovery-codes/confirm-recovery-codes";
import { issueRecoveryCodes, prepareRecoveryCodes, type IssuedRecoveryCodes } from "../recovery-codes/issue-recovery-codes";
import { addSessionMethod } from "../sessions/add-session-method";
import { maskPhoneNumber } from "../sms/mask-phone-number";
import type { SignInMethod } from "../sign-in/establish-session";
import type { Tenant } from "../tenants/get-tenant-by-slug";

// Turning two-step verification on (S21): the first factor is verified (first-factor.ts) and
// waits; the owner is given a pending set of recovery codes; typing one back confirms the set and
// activates the waiting factor in one transaction. Only then does sign-in ask for a second step.

export type WaitingFactor = { id: string; type: "totp" | "sms" | "webauthn"; name: string; isPasskey: boolean };

/** Verified factors waiting for their recovery codes, oldest first (usually one). */
export async function findFactorsAwaitingRecoveryCodes(options: { db: Db; tenant: Tenant; userId: string }): Promise<WaitingFactor[]> {
  const { db, tenant, userId } = options;
  return db.factor.findMany({
    where: { tenantId: tenant.id, userId, verifiedAt: { not: null }, activatedAt: null },
    select: { id: true, type: true, name: true, isPasskey: true },
    orderBy: { createdAt: "asc" },
  });
}

const nothingWaiting = () =>
  new AppError("CONFLICT", "There is no new verification method waiting to be turned on. Add one on the security page first.");

export type StartTwoStepSetupOptions = { db: Db; tenant: Tenant; userId: string };

/**
 * Issues the pending recovery codes for a factor that waits (again, if the owner lost the page
 * that showed the first ones: only the newest pending set can be confirmed).
 */
export async function startTwoStepSetup(options: StartTwoStepSetupOptions): Promise<IssuedRecoveryCodes> {
  const { db, tenant, userId } = options;
  const prepared = await prepareRecoveryCodes(tenant.policy.recoveryCodes);
  return db.$transaction(async (tx) => {
    const waiting = await tx.factor.count({ where: { tenantId: tenant.id, userId, verifiedAt: { not: null }, activatedAt: null } });
    if (waiting === 0) throw nothingWaiting();
    return issueRecoveryCodes({ tx, tenant, userId, confirmed: false, prepared });
  });
}

export type FinishTwoStepSetupOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  /** The session doing it: it has now proven the new factor, so it owes no required factor. */
  sessionId?: string;
  setId: string;
  /** One of the pending codes, typed back. */
  code: string;
  context: RequestContext;
};

const factorWords = { totp: "an authenticator app", sms: "text messages", webauthn: "a security key" } as const;

function describeFactor(factor: WaitingFactor & { phoneE164: string | null }): string {
  if (factor.type === "sms" && factor.phoneE164) return `text messages to ${maskPhoneNumber(factor.phoneE164)}`;
  const kind = factor.type === "webauthn" && factor.isPasskey ? "a passkey" : factorWords[factor.type];
  return `${kind} (“${factor.name}”)`;
}

/** Confirms the saved recovery codes and turns two-step verification on with the waiting factor(s). */
export async function finishTwoStepSetup(options: FinishTwoStepSetupOptions): Promise<{ factorIds: string[] }> {
  const { db, tenant, userId, sessionId, setId, code, context } = options;
  // The argon2 hash of the typed code, before the lock below: a slow hash must not hold the user's row.
  const prepared = await prepareRecoveryCodeConfirmation({ db, tenant, userId, setId, code });
  return withNotifications(db, async (tx, queueEmail) => {
    // Locks the user: one factor change at a time (see first-factor.ts).
    const [user] = await tx.$queryRaw<{ email: string }[]>`
      SELECT email FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenant.id} FOR UPDATE`;
    if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
    const waiting = await tx.factor.findMany({
      where: { tenantId: tenant.id, userId, verifiedAt: { not: null }, activatedAt: null },
      select: { id: true, type: true, name: true, isPasskey: true, phoneE164: true },
      orderBy: { createdAt: "asc" },
    });
    if (waiting.length === 0) throw nothingWaiting();
    const confirmedSetId = await confirmRecoveryCodes({ tx, tenant, userId, setId, code, prepared });

    await tx.factor.updateMany({ where: { id: { in: waiting.map((factor) => factor.id) }, activatedAt: null }, data: { activatedAt: new Date() } });
    const actor = { type: "user", id: userId } as const;
    for (const factor of waiting) {
      await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "factor.added", context, data: { factorId: factor.id, factorType: factor.type, name: factor.name } });
    }
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "recovery_codes.generated", context, data: { setId: confirmedSetId } });
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor, type: "account.two_factor_enabled", context, data: { factorIds: waiting.map((factor) => factor.id) } });
    const methods: SignInMethod[] = [...new Set(waiting.map((factor) => factor.type))];
    if (sessionId) for (const method of methods) await addSessionMethod({ db: tx, sessionId, method });
    // A session made by an account recovery owed exactly this: a new factor and new codes.
    await tx.session.updateMany({ where: { tenantId: tenant.id, userId, secondFactorDue: true }, data: { secondFactorDue: false } });
    await tx.user.updateMany({ where: { id: userId, tenantId: tenant.id, recoverySetupDue: true }, data: { recoverySetupDue: false } });
    const what = `Two-step verification was turned on with ${waiting.map(describeFactor).join(" and ")}, and recovery codes were saved`;
    await queueSecurityNotice({ tx, queueEmail, tenant, user: { id: userId, email: user.email }, what, context });
    return { factorIds: waiting.map((factor) => factor.id) };
  });
}
