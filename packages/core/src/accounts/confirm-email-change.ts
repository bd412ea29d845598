import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import { AppError } from "../errors/app-error";
import { withNotifications } from "../notifications/with-notifications";
import { emailChangedMessage } from "../notifications/email-templates";
import { deviceLabel } from "../sessions/describe-user-agent";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { assertLinkForSignedInAccount } from "./assert-link-for-signed-in-account";
import { consumeEmailToken } from "./email-tokens";

/** `signedInUserId`: the account this browser is signed in to, if any (see assertLinkForSignedInAccount). */
export type ConfirmEmailChangeOptions = { db: Db; tenant: Tenant; token: string; signedInUserId: string | null; context: RequestContext };

export async function confirmEmailChange(options: ConfirmEmailChangeOptions): Promise<{ email: string }> {
  const { db, tenant, token, signedInUserId, context } = options;
  return withNotifications(db, async (tx, queueEmail) => {
    const consumed = await consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "change_email", token });
    assertLinkForSignedInAccount({ linkUserId: consumed.userId, signedInUserId });
    const newEmail = consumed.newEmail;
    if (!newEmail) throw new AppError("TOKEN_INVALID", "This link has expired or was already used. Ask for a new one.");
    const taken = await tx.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email: newEmail } }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", "That address now belongs to another account. Choose a different one.");
    const before = await tx.user.findUniqueOrThrow({ where: { id: consumed.userId }, select: { email: true } });
    const now = new Date();
    await tx.user.update({ where: { id: consumed.userId }, data: { email: newEmail, emailVerifiedAt: now } });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: consumed.userId,
      actor: { type: "user", id: consumed.userId },
      type: "account.email_changed",
      context,
    });
    // The old address hears about it: if the change was not the owner's, that is their warning.
    const notice = emailChangedMessage({ tenantName: tenant.name }, { newEmail, when: now, device: deviceLabel(context.userAgent), ip: context.ip });
    await queueEmail({ tenantId: tenant.id, userId: consumed.userId, to: before.email, ...notice });
    return { email: newEmail };
  });
}
