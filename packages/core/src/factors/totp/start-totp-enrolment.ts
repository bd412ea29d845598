import { TOTP } from "otpauth";
import QRCode from "qrcode";
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { newId } from "../../ids";
import type { Tenant } from "../../tenants/get-tenant-by-slug";
import { normalizeFactorName } from "../factor-name";
import { groupTotpSecret, toOtpSecret, totpAlgorithm, totpDigits, totpPeriodSeconds } from "./totp-parameters";
import { newTotpSeed, sealTotpSeed } from "./totp-seed";

export type StartTotpEnrolmentOptions = {
  db: Db;
  tenant: Tenant;
  userId: string;
  /** What the person calls this app on their security page (at most 60 characters); blank means the default. */
  name?: string;
  /** The account name shown in the app; the account's email address unless given. */
  accountLabel?: string;
};

export type TotpEnrolment = {
  factorId: string;
  /** The seed in base32: returned here only, never again (S2, like a recovery code). */
  secretBase32: string;
  /** The same key in groups of four, for typing by hand. */
  secretGroups: string;
  otpauthUri: string;
  /** The otpauth:// URI as a QR code, a self-contained SVG document. */
  qrSvg: string;
};

export const defaultTotpFactorName = "Authenticator app";
/** Each active app is one more seed to try on every code, so the count is bounded. */
export const maxActiveTotpFactors = 10;

/**
 * Creates a pending authenticator-app factor and returns its key for the person to scan. It stays
 * unusable until activateTotpFactor sees a valid code from it (S15). Starting again replaces the
 * person's earlier unfinished set-ups, so abandoned seeds do not pile up.
 */
export async function startTotpEnrolment(options: StartTotpEnrolmentOptions): Promise<TotpEnrolment> {
  const { db, tenant, userId } = options;
  if (!tenant.policy.factors.allowed.includes("totp")) {
    throw new AppError("FORBIDDEN", "Authenticator apps are not available for this organisation.");
  }
  const name = normalizeFactorName(options.name, defaultTotpFactorName);
  const user = await db.user.findFirst({ where: { id: userId, tenantId: tenant.id }, select: { id: true, email: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Please sign in again.");

  const seed = newTotpSeed();
  const totp = new TOTP({
    issuer: tenant.name,
    label: options.accountLabel?.trim() || user.email,
    secret: toOtpSecret(seed),
    algorithm: totpAlgorithm,
    digits: totpDigits,
    period: totpPeriodSeconds,
  });
  const secretBase32 = totp.secret.base32;
  const otpauthUri = totp.toString();

  const factorId = await db.$transaction(async (tx) => {
    // A verified app waiting for its recovery codes (S21) counts, and is not an unfinished set-up:
    // it turns on with the codes.
    const active = await tx.factor.count({
      where: { tenantId: tenant.id, userId: user.id, type: "totp", OR: [{ activatedAt: { not: null } }, { verifiedAt: { not: null } }] },
    });
    if (active >= maxActiveTotpFactors) {
      throw new AppError("CONFLICT", `You already have ${maxActiveTotpFactors} authenticator apps. Remove one before adding another.`);
    }
    await tx.factor.deleteMany({ where: { tenantId: tenant.id, userId: user.id, type: "totp", activatedAt: null, verifiedAt: null } });
    const created = await tx.factor.create({
      data: { id: newId("factor"), tenantId: tenant.id, userId: user.id, type: "totp", name, totpSealedSecret: sealTotpSeed(seed) },
      select: { id: true },
    });
    return created.id;
  });

  const qrSvg = await QRCode.toString(otpauthUri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { factorId, secretBase32, secretGroups: groupTotpSecret(secretBase32), otpauthUri, qrSvg };
}
