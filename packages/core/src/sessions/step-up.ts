import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { assertAccountEnabled } from "../accounts/assert-account-enabled";
import { AppError } from "../errors/app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { verifyCurrentPassword } from "../accounts/verify-current-password";
import { findSecondFactorMethods, hasAnySecondFactor } from "../sign-in/second-factor-methods";
import { verifySecondFactor, type SecondFactorProof } from "../sign-in/verify-second-factor";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { createSession } from "./create-session";
import type { VerifiedSession } from "./verify-session";

/** Recovery codes get a person back in; they do not confirm changes (the password always can). */
export type StepUpProof = { method: "password"; password: string } | Exclude<SecondFactorProof, { method: "recovery_code" }>;

export type StepUpOptions = { db: Db; tenant: Tenant; session: VerifiedSession; proof: StepUpProof; context: RequestContext };

/**
 * "Confirm it's you" (S12): a fresh proof from an enrolled factor (the password only for an
 * account without two-step verification). The session is
 * rotated (S10): the old token stops working and a new one, recently authenticated, replaces it.
 */
export async function stepUp(options: StepUpOptions): Promise<{ sessionId: string; sessionToken: string; expiresAt: Date }> {
  const { db, tenant, session, proof, context } = options;
  const { userId } = session;
  if (proof.method === "password") {
    // With two-step verification on, the password alone is not a fresh proof (S12).
    if (hasAnySecondFactor(await findSecondFactorMethods({ db, tenant, userId }))) {
      throw new AppError("FORBIDDEN", "Confirm with one of your two-step verification methods: while it is on, your password alone is not enough.");
    }
    await verifyCurrentPassword({ db, tenant, userId, password: proof.password });
  } else {
    await verifySecondFactor({ db, tenant, userId, proof, binding: { purpose: "step_up", sessionId: session.sessionId }, context });
  }
  return db.$transaction(async (tx) => {
    // The account before the session row, in the order a disable or "sign out everywhere" takes
    // them; the other order could deadlock with them (createSession checks the account again).
    await assertAccountEnabled(tx, tenant.id, userId);
    const { count } = await tx.session.updateMany({
      where: { id: session.sessionId, revokedAt: null },
      data: { revokedAt: new Date(), revokeReason: "rotated_at_step_up" },
    });
    if (count === 0) throw new AppError("UNAUTHENTICATED", "Please sign in again.");
    const methods = [...new Set([...session.methods, proof.method])];
    const rotated = await createSession({
      db: tx,
      tenantId: tenant.id,
      userId,
      policy: tenant.policy,
      context,
      methods,
      deviceId: session.deviceId,
      expiresAt: session.expiresAt,
      recoveryCodesDue: session.recoveryCodesDue,
      secondFactorDue: session.secondFactorDue,
    });
    await recordAuditEvent({ db: tx, tenantId: tenant.id, userId, actor: { type: "user", id: userId }, type: "account.stepped_up", context, data: { method: proof.method } });
    return { sessionId: rotated.sessionId, sessionToken: rotated.token, expiresAt: rotated.expiresAt };
  });
}
