import type { RequestContext } from "../../audit/request-context";
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { newId } from "../../ids";
import { maskPhoneNumber } from "../../sms/mask-phone-number";
import { parsePhoneNumber } from "../../sms/parse-phone-number";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { normalizeFactorName } from "../factor-name";
import { sendSmsCode } from "./send-sms-code";

export type AddPhoneFactorOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  /** As typed: "+44 7400 123456", "+1 (201) 555-0123"; stored in E.164. */
  phone: string;
  /** The user's label; "Phone ending 3456" by default. */
  name?: string;
  /** Binds the enrolment code to the session (or, during sign-up enrolment, the challenge) adding it. */
  sessionId?: string;
  challengeId?: string;
  context: RequestContext;
};

/** Unverified phones a user may have waiting at once; each re-add of the same number reuses its row. */
const maxPendingPhones = 3;

/**
 * Adds a phone as an unverified SMS factor and texts it an enrolment code; activatePhoneFactor
 * turns it on. An unverified phone is never offered at sign-in. Callers require a recent step-up
 * (S12) and show smsRiskWarning.
 */
export async function addPhoneFactor(options: AddPhoneFactorOptions): Promise<{ factorId: string; maskedPhone: string }> {
  const { db, tenant, userId, sessionId, challengeId, context } = options;
  if (!tenant.policy.factors.allowed.includes("sms")) {
    throw new AppError("FORBIDDEN", "Your organisation does not allow text-message codes. Use an authenticator app or a security key.");
  }
  const phone = parsePhoneNumber(options.phone);
  const maskedPhone = maskPhoneNumber(phone);
  const name = normalizeFactorName(options.name, `Phone ending ${phone.slice(-4)}`);
  const user = await db.user.findFirst({ where: { id: userId, tenantId: tenant.id }, select: { id: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");

  const factorId = await db.$transaction(async (tx) => {
    const phones = await tx.factor.findMany({
      where: { tenantId: tenant.id, userId, type: "sms" },
      select: { id: true, phoneE164: true, activatedAt: true, verifiedAt: true },
    });
    // A phone verified but waiting for its recovery codes (S21) is on the account too.
    const isVerified = (factor: (typeof phones)[number]) => factor.activatedAt !== null || factor.verifiedAt !== null;
    const same = phones.find((factor) => factor.phoneE164 === phone);
    if (same && isVerified(same)) throw new AppError("CONFLICT", "That phone number is already on your account.");
    if (same) {
      await tx.factor.update({ where: { id: same.id }, data: { name } });
      return same.id;
    }
    if (phones.filter((factor) => !isVerified(factor)).length >= maxPendingPhones) {
      throw new AppError("CONFLICT", "Verify or remove the phone numbers you added before adding another.");
    }
    const created = await tx.factor.create({
      data: { id: newId("factor"), tenantId: tenant.id, userId, type: "sms", name, phoneE164: phone },
      select: { id: true },
    });
    return created.id;
  });
  await sendSmsCode({ db, tenant, userId, factorId, purpose: "enrol", sessionId, challengeId, context });
  return { factorId, maskedPhone };
}
