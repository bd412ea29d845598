import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { consumeEmailToken } from "./email-tokens";

export type VerifyEmailOptions = { db: Db; tenant: Tenant; token: string; context: RequestContext };

export async function verifyEmail(options: VerifyEmailOptions): Promise<{ email: string }> {
  const { db, tenant, token, context } = options;
  return db.$transaction(async (tx) => {
    const consumed = await consumeEmailToken({ db: tx, tenantId: tenant.id, purpose: "verify_email", token });
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
