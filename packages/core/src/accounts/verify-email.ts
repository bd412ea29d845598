import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { assertLinkForSignedInAccount } from "./assert-link-for-signed-in-account";
import { consumeEmailToken } from "./email-tokens";

/** `signedInUserId`: the account this browser is signed in to, if any (see assertLinkForSignedInAccount). */
export type VerifyEmailOptions = { db: Db; tenant: Tenant; token: string; signedInUserId: string | null; context: RequestContext };

export async function verifyEmail(options: VerifyEmailOptions): Promise<{ email: string }> {
  const { db, tenant, token, signedInUserId, context } = options;
  return db.$transaction(async (tx) => {
    const consumed = await consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "verify_email", token });
    assertLinkForSignedInAccount({ linkUserId: consumed.userId, signedInUserId });
    const user = await tx.user.update({
      where: { id: consumed.userId },
      data: { emailVerifiedAt: new Date() },
      select: { email: true },
    });
    await recordAuditEvent({
      db: tx,
      tenantId: tenant.id,
      userId: consumed.userId,
      actor: { type: "user", id: consumed.userId },
      type: "account.email_verified",
      context,
    });
    return { email: user.email };
  });
}
