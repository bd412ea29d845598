import type { Tx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { issueEmailToken } from "../accounts/email-tokens";
import { days, type Clock } from "../clock";
import { tokenLinkUrl } from "../notifications/links";
import { findVerifiedPhones } from "../notifications/notify-owner";
import type { QueueEmail, QueueSms } from "../notifications/with-notifications";
import { deviceLabel } from "../sessions/describe-user-agent";
import { establishSession, type EstablishedSession, type SignInMethod } from "../sign-in/establish-session";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { cancelOpenRecoveries } from "./cancel-contact-recovery";
import { recoveryCompletedMessage } from "./recovery-messages";

export type AccountRecoveryMethod = "trusted_contacts" | "support";

export type CompleteAccountRecoveryOptions = {
  tx: Tx;
  queueEmail: QueueEmail;
  queueSms: QueueSms;
  tenant: Tenant;
  userId: string;
  method: AccountRecoveryMethod;
  /** What the person proved besides the rung itself ("password" when they knew it). */
  proofs: SignInMethod[];
  /** A new password the person chose (argon2id), when they lost the old one. */
  newPasswordHash?: string;
  /** The recovering browser's device cookie. */
  deviceToken: string | null;
  /** Non-secret details for the audit row (the recovery's or ticket's id). */
  data: Record<string, string | number>;
  context: RequestContext;
  clock: Clock;
};

export type CompletedAccountRecovery = EstablishedSession & {
  /** The new session must enrol a second factor (and save new codes) before anything else. */
  secondFactorDue: boolean;
  removedFactors: number;
  signedOutSessions: number;
  frozenUntil: Date | null;
};

const howRecovered: Record<AccountRecoveryMethod, string> = {
  trusted_contacts: "with codes from your trusted contacts",
  support: "by our support team after a review",
};

/**
 * How every rung beyond recovery codes ends (trusted contacts, a support ticket), inside the
 * caller's transaction, which has already claimed its attempt (so it runs once): every second
 * factor and recovery code set goes, every session and remembered browser ends, pending email
 * changes and reset links die, sensitive changes freeze for the tenant's `recovery.freezeDays`,
 * and every channel the account had *before* (its email and the phones of the removed text
 * methods) is told, with a "this wasn't me" link. The recovering browser gets a session marked
 * `account_recovery` that must enrol a new factor and save new codes before anything else when
 * the account had two-step verification or the tenant requires it.
 */
export async function completeAccountRecovery(options: CompleteAccountRecoveryOptions): Promise<CompletedAccountRecovery> {
  const { tx, queueEmail, queueSms, tenant, userId, method, proofs, newPasswordHash, deviceToken, data, context, clock } = options;
  const now = clock.now();
  // Locked first: a sign-in committing meanwhile (its session row needs this row) is either
  // revoked below or starts after, when the account already owes its new factor.
  const [user] = await tx.$queryRaw<{ id: string; email: string; recoverySetupDue: boolean }[]>`
    SELECT id, email, "recoverySetupDue" FROM "user" WHERE id = ${userId} AND "tenantId" = ${tenant.id} FOR UPDATE`;
  if (!user) throw new Error(`completeAccountRecovery: no account ${userId} in tenant ${tenant.id}`);
  const oldPhones = await findVerifiedPhones(tx, tenant.id, userId);
  const hadSecondFactor = (await tx.factor.count({ where: { tenantId: tenant.id, userId, activatedAt: { not: null } } })) > 0;

  const { count: removedFactors } = await tx.factor.deleteMany({ where: { tenantId: tenant.id, userId } });
  await tx.recoveryCodeSet.updateMany({ where: { tenantId: tenant.id, userId, replacedAt: null }, data: { replacedAt: now } });
  const { count: signedOutSessions } = await tx.session.updateMany({
    where: { tenantId: tenant.id, userId, revokedAt: null },
    data: { revokedAt: now, revokeReason: "account_recovered" },
  });
  await tx.device.updateMany({ where: { tenantId: tenant.id, userId, trustedUntil: { not: null } }, data: { trustedUntil: null } });
  await tx.signInChallenge.updateMany({ where: { tenantId: tenant.id, userId, completedAt: null }, data: { expiresAt: now } });
  // Links already mailed (a reset, an email change someone else asked for) stop working.
  await tx.emailToken.updateMany({
    where: { tenantId: tenant.id, userId, usedAt: null, purpose: { in: ["reset_password", "change_email"] } },
    data: { usedAt: now },
  });
  // Still owing the factor an earlier recovery removed counts as having had one: a second recovery
  // before it was enrolled must not open the account to the password alone.
  const secondFactorDue = hadSecondFactor || user.recoverySetupDue || tenant.policy.factors.requireSecondFactor;
  const freezeDays = tenant.policy.recovery.freezeDays;
  const frozenUntil = freezeDays > 0 ? new Date(now.getTime() + days(freezeDays)) : null;
  await tx.user.update({
    where: { id: userId },
    data: { recoveryFreezeUntil: frozenUntil, recoverySetupDue: secondFactorDue, ...(newPasswordHash ? { passwordHash: newPasswordHash, passwordChangedAt: now } : {}) },
  });

  // The other rung's attempt under way (an intruder's, or a duplicate) ends too, with its link:
  // left open, it could hand the freshly recovered account to whoever started it after its wait.
  await cancelOpenRecoveries({ db: tx, tenantId: tenant.id, userId, reason: "account_recovered", context, clock });
  await recordAuditEvent({
    db: tx,
    tenantId: tenant.id,
    userId,
    actor: { type: "user", id: userId },
    type: "recovery.completed",
    context,
    data: { ...data, method, removedFactors, signedOutSessions, passwordChanged: Boolean(newPasswordHash), frozenUntil: frozenUntil?.toISOString() ?? null },
  });
  const established = await establishSession({
    tx,
    queueEmail,
    tenant,
    user,
    methods: ["account_recovery", ...proofs],
    deviceToken,
    rememberBrowser: false,
    secondFactorDue,
    notifyNewDevice: false,
    context,
  });

  // Its own purpose: the notices that follow (the new method, new codes) must not replace it.
  const notMeToken = await issueEmailToken({ db: tx, tenantId: tenant.id, userId, purpose: "undo_recovery" });
  const notMeUrl = tokenLinkUrl(tenant, "/not-me", notMeToken);
  const details = { when: now, device: deviceLabel(context.userAgent), ip: context.ip };
  const message = recoveryCompletedMessage({ tenantName: tenant.name }, { ...details, how: howRecovered[method], notMeUrl, freezeUntil: frozenUntil });
  await queueEmail({ tenantId: tenant.id, userId, to: user.email, ...message });
  for (const to of oldPhones) {
    await queueSms({ tenantId: tenant.id, userId, to, text: `${tenant.name}: your account was recovered and every device signed out. If this wasn't you, see the email we sent you right away.` });
  }
  return { ...established, secondFactorDue, removedFactors, signedOutSessions, frozenUntil };
}
