import type { Db, Tx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { issueEmailToken } from "../accounts/email-tokens";
import { normalizeEmail } from "../accounts/normalize-email";
import { days, hours, systemClock, type Clock } from "../clock";
import { lockAccount } from "../accounts/lock-account";
import { hashToken, newSecretToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import { newId } from "../ids";
import { tokenLinkUrl } from "../notifications/links";
import { findVerifiedPhones } from "../notifications/notify-owner";
import { withNotifications } from "../notifications/with-notifications";
import { tryConsumeQuota } from "../rate-limit/quota";
import { deviceLabel } from "../sessions/describe-user-agent";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { ticketOpenedMessage, ticketOpenedText } from "./support-messages";
import { isRisky, newTicketReference, type Evidence, type RiskSignals } from "./support-rules";

export type OpenSupportTicketOptions = {
  db: Db;
  tenant: Tenant;
  email: string;
  /** The standard answers, and one answer per question of the tenant's policy (in its order). */
  whatHappened: string;
  lastSignIn: string;
  devicesAndPlaces: string;
  answers: string[];
  replyEmail: string | null;
  /** The asking browser's device cookie: a browser the account used is a weaker risk signal. */
  deviceToken: string | null;
  context: RequestContext;
  clock?: Clock;
};

/** The person keeps the status token (their link to the status page); it is stored hashed. */
export type OpenedSupportTicket = { reference: string; statusToken: string; waitingUntil: Date };

export function assertSupportEnabled(tenant: Tenant) {
  if (!tenant.policy.support.enabled) throw new AppError("NOT_FOUND", "This organisation does not offer account recovery through support.");
}

/**
 * "Ask support to recover my account", the last rung. The answer is the same whether or not the
 * address has an account, or already has a request under way (S5): those get a decoy ticket that
 * staff never see and that can never complete, and nothing is sent. A real one notifies every
 * verified channel of the account with a one-click cancel link, and its waiting period starts.
 */
export async function openSupportTicket(options: OpenSupportTicketOptions): Promise<OpenedSupportTicket> {
  const { db, tenant, context, clock = systemClock } = options;
  assertSupportEnabled(tenant);
  const email = normalizeEmail(options.email);
  const withinQuota =
    (await tryConsumeQuota({ name: "support-ticket-open", key: `${tenant.id}:${email}` })) &&
    (context.ip === "unknown" || context.ip === "" || (await tryConsumeQuota({ name: "support-ticket-open-ip", key: `${tenant.id}:${context.ip}` })));
  if (!withinQuota) {
    throw new AppError("RATE_LIMITED", "Too many requests to support. Please try again tomorrow.", { retryAfterSeconds: 3600 });
  }
  const questions = tenant.policy.support.questions;
  const evidence: Evidence = {
    whatHappened: options.whatHappened,
    lastSignIn: options.lastSignIn,
    devicesAndPlaces: options.devicesAndPlaces,
    answers: questions.map((question, index) => ({ question, answer: options.answers[index] ?? "" })),
  };
  const statusToken = newSecretToken();
  const now = clock.now();
  const waitingUntil = new Date(now.getTime() + hours(tenant.policy.support.waitingHours));
  const ticket = {
    tenantId: tenant.id,
    reference: newTicketReference(),
    statusTokenHash: hashToken(statusToken),
    email,
    replyEmail: options.replyEmail ? normalizeEmail(options.replyEmail) : null,
    evidence,
    waitingUntil,
    expiresAt: new Date(waitingUntil.getTime() + days(tenant.policy.support.ticketDays)),
    ip: context.ip,
    userAgent: context.userAgent.slice(0, 512),
    createdAt: now,
  };
  const opened = { reference: ticket.reference, statusToken, waitingUntil };

  return withNotifications(db, async (tx, queueEmail, queueSms) => {
    const found = await tx.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email } }, select: { id: true, disabledAt: true } });
    // Locked, so two requests at once cannot both open a ticket (the second gets a decoy). An
    // account its tenant disabled gets a decoy too, like an unknown address (S5).
    const owner = found && !found.disabledAt ? await lockAccount(tx, tenant.id, found.id) : null;
    if (!owner || (await hasLiveTicket(tx, tenant.id, owner.id, now))) {
      await tx.supportTicket.create({ data: { id: newId("supportTicket"), userId: null, ...ticket } });
      return opened;
    }
    const riskSignals = await assessRisk(tx, tenant.id, owner.id, options.deviceToken, context, now);
    const risky = isRisky(riskSignals);
    const needsSecondApprover = tenant.policy.support.secondApprover === "always" || risky;
    const ticketId = newId("supportTicket");
    await tx.supportTicket.create({ data: { id: ticketId, userId: owner.id, riskSignals, risky, needsSecondApprover, ...ticket } });

    // Beside, not instead of, a trusted-contacts recovery's cancel link the owner may hold in a text.
    const cancelToken = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: owner.id, purpose: "cancel_recovery", keepEarlier: true });
    const cancelUrl = tokenLinkUrl(tenant, "/recovery/cancel", cancelToken);
    const brand = { tenantName: tenant.name };
    const details = { when: now, device: deviceLabel(context.userAgent), ip: context.ip };
    await queueEmail({ tenantId: tenant.id, userId: owner.id, to: owner.email, ...ticketOpenedMessage(brand, { ...details, reference: ticket.reference, cancelUrl, waitingUntil }) });
    const phones = await findVerifiedPhones(tx, tenant.id, owner.id);
    for (const to of phones) await queueSms({ tenantId: tenant.id, userId: owner.id, to, text: ticketOpenedText(brand, { cancelUrl }) });

    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: owner.id,
      actor: { type: "anonymous" },
      type: "support.ticket_opened",
      context,
      data: { ticketId, reference: ticket.reference, risky, needsSecondApprover, waitingUntil: waitingUntil.toISOString(), notifiedEmails: 1, notifiedPhones: phones.length },
    });
    return opened;
  });
}

/** Open (or approved) and not past its end; one past its end is closed on the way. */
async function hasLiveTicket(tx: Tx, tenantId: string, userId: string, now: Date): Promise<boolean> {
  await tx.supportTicket.updateMany({
    where: { tenantId, userId, status: { in: ["open", "approved"] }, expiresAt: { lte: now } },
    data: { status: "expired", endedAt: now, endReason: "expired" },
  });
  return (await tx.supportTicket.count({ where: { tenantId, userId, status: { in: ["open", "approved"] } } })) > 0;
}

const recentChangeDays = 14;
const knownNetworkDays = 90;

async function assessRisk(tx: Tx, tenantId: string, userId: string, deviceToken: string | null, context: RequestContext, now: Date): Promise<RiskSignals> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { createdAt: true, passwordChangedAt: true, highValue: true } });
  const recentSince = new Date(now.getTime() - days(recentChangeDays));
  // A password set at sign-up is not a change.
  const passwordChanged = user.passwordChangedAt > recentSince && user.passwordChangedAt.getTime() - user.createdAt.getTime() > 60_000;
  const emailChanged = (await tx.auditEvent.count({ where: { tenantId, userId, type: "account.email_changed", createdAt: { gt: recentSince } } })) > 0;
  const knownDevice = deviceToken && deviceToken.length <= 200 ? await tx.device.count({ where: { tenantId, userId, tokenHash: hashToken(deviceToken) } }) : 0;
  const knownNetwork =
    context.ip && context.ip !== "unknown"
      ? await tx.session.count({ where: { tenantId, userId, ip: context.ip, createdAt: { gt: new Date(now.getTime() - days(knownNetworkDays)) } } })
      : 0;
  return {
    hadSecondFactor: (await tx.factor.count({ where: { tenantId, userId, activatedAt: { not: null } } })) > 0,
    recentCredentialChange: passwordChanged || emailChanged,
    newDevice: knownDevice === 0,
    newNetwork: knownNetwork === 0,
    earlierTickets: await tx.supportTicket.count({ where: { tenantId, userId, status: { in: ["denied", "cancelled"] } } }),
    highValue: user.highValue,
  };
}
