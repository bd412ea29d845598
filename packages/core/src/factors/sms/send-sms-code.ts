import { randomInt } from "node:crypto";
import type { RequestContext } from "../../audit/request-context";
import { recordAuditEvent } from "../../audit/record-audit-event";
import type { Db, DbOrTx } from "../../db/client";
import { env } from "../../env";
import { AppError } from "../../errors/app-error";
import type { OneTimeCodePurpose } from "../../generated/prisma/client";
import { newId } from "../../ids";
import { dispatchOutbox } from "../../outbox/dispatch-outbox";
import { enqueueSms } from "../../outbox/enqueue-sms";
import { quotas, tryConsumeQuota } from "../../rate-limit/quota";
import { maskPhoneNumber } from "../../sms/mask-phone-number";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { hashSmsCodeForStorage } from "./hash-sms-code";
import { smsCodeBinding, type SmsCodeBinding } from "./sms-code-binding";
import { smsCodeDigits, smsCodeLifetimeMinutes, smsResendCooldownSeconds } from "./sms-code-policy";
import { smsCodeText } from "./sms-code-text";

export type SendSmsCodeOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  factorId: string;
  purpose: OneTimeCodePurpose;
  /** Required for sign_in: the sign-in challenge the code will complete. */
  challengeId?: string;
  /** Required for step_up: the session that asks to confirm it's you. */
  sessionId?: string;
  context: RequestContext;
};

export type SendSmsCodeResult = { maskedPhone: string; expiresAt: Date; resendAfterSeconds: number };

/**
 * Texts a fresh 6-digit code (S16) and invalidates the earlier unused codes of the same user,
 * purpose and binding, so only the newest works. Never touches the sign-in throttle: asking for a
 * new code must not reset the failure count (S6).
 */
export async function sendSmsCode(options: SendSmsCodeOptions): Promise<SendSmsCodeResult> {
  const { db, tenant, userId, factorId, purpose, context } = options;
  // A tenant that stops allowing SMS stops it at once, also for phones already verified: sign-in
  // refuses their codes too (verifySecondFactor), so texting one would only cost money.
  if (!tenant.policy.factors.allowed.includes("sms")) {
    throw new AppError("FORBIDDEN", "Your organisation does not allow text-message codes. Use an authenticator app or a security key.");
  }
  const binding = smsCodeBinding(purpose, options.challengeId, options.sessionId);
  const factor = await db.factor.findFirst({
    where: { id: factorId, tenantId: tenant.id, userId, type: "sms" },
    select: { id: true, phoneE164: true, activatedAt: true, verifiedAt: true },
  });
  // An unverified number is only ever texted to verify it; a verified one never gets an enrol code,
  // also while it waits for its recovery codes (S21).
  const isUsable = factor?.phoneE164 && (purpose === "enrol" ? factor.activatedAt === null && factor.verifiedAt === null : factor.activatedAt !== null);
  if (!factor?.phoneE164 || !isUsable) throw new AppError("NOT_FOUND", "That phone number is not on your account.");
  await assertBindingIsLive({ db, tenantId: tenant.id, userId, binding });

  // Checked before the quota so a too-early resend does not use up the hour; checked again under
  // the factor's lock below, where two racing requests are told apart.
  await assertCooldownOver(db, factor.id, purpose, binding);
  const withinQuota = await tryConsumeQuota({ name: "sms-code", key: `${tenant.id}:${userId}` });
  if (!withinQuota) throw new AppError("RATE_LIMITED", "Too many codes requested. Try again in an hour, or use another way to sign in.", { retryAfterSeconds: quotas["sms-code"].durationSeconds });

  const code = randomInt(0, 10 ** smsCodeDigits).toString().padStart(smsCodeDigits, "0");
  const now = new Date();
  const expiresAt = new Date(now.getTime() + smsCodeLifetimeMinutes * 60_000);
  const phone = factor.phoneE164;
  const messageId = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM factor WHERE id = ${factor.id} FOR UPDATE`;
    await assertCooldownOver(tx, factor.id, purpose, binding);
    await tx.oneTimeCode.updateMany({
      where: { tenantId: tenant.id, userId, purpose, challengeId: binding.challengeId, sessionId: binding.sessionId, usedAt: null },
      data: { usedAt: now },
    });
    await tx.oneTimeCode.create({
      data: {
        id: newId("oneTimeCode"),
        tenantId: tenant.id,
        userId,
        factorId: factor.id,
        purpose,
        challengeId: binding.challengeId,
        sessionId: binding.sessionId,
        codeHash: hashSmsCodeForStorage({ tenantId: tenant.id, userId, purpose, ...binding, code }),
        createdAt: now,
        expiresAt,
      },
    });
    const id = await enqueueSms({
      db: tx,
      tenantId: tenant.id,
      userId,
      to: phone,
      text: smsCodeText({ tenantName: tenant.name, code, appOrigin: env().APP_ORIGIN }),
    });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId,
      actor: { type: "user", id: userId },
      type: "sms.code_sent",
      context,
      data: { factorId: factor.id, purpose, phone: maskPhoneNumber(phone) },
    });
    return id;
  });
  await dispatchOutbox({ messageIds: [messageId] });
  return { maskedPhone: maskPhoneNumber(phone), expiresAt, resendAfterSeconds: smsResendCooldownSeconds };
}

/**
 * One code per 30 seconds for the same phone, purpose and sign-in (or session): a sign-in right
 * after the phone was added is not held up by the enrolment code. The hourly quota per user bounds
 * the texts across all of them.
 */
async function assertCooldownOver(db: DbOrTx, factorId: string, purpose: SendSmsCodeOptions["purpose"], binding: SmsCodeBinding) {
  const latest = await db.oneTimeCode.findFirst({
    where: { factorId, purpose, challengeId: binding.challengeId, sessionId: binding.sessionId },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  if (!latest) return;
  const waitMs = latest.createdAt.getTime() + smsResendCooldownSeconds * 1000 - Date.now();
  if (waitMs > 0) {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new AppError("RATE_LIMITED", `A code was just sent. You can ask for another in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
}

type AssertBindingIsLiveOptions = { db: DbOrTx; tenantId: string; userId: string; binding: SmsCodeBinding };

/** A code is only worth sending for a sign-in that is still open, or a session that is still live. */
async function assertBindingIsLive(options: AssertBindingIsLiveOptions) {
  const { db, tenantId, userId, binding } = options;
  const now = new Date();
  if (binding.challengeId) {
    const challenge = await db.signInChallenge.findFirst({
      where: { id: binding.challengeId, tenantId, userId, completedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    if (!challenge) throw new AppError("UNAUTHENTICATED", "This sign-in has expired. Please sign in again.");
  }
  if (binding.sessionId) {
    const session = await db.session.findFirst({
      where: { id: binding.sessionId, tenantId, userId, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    if (!session) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
  }
}
