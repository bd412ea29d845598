import type { Db } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import { recordAuditEvent, type AuditActor } from "../audit/record-audit-event";
import { systemClock, type Clock } from "../clock";
import { newSecretToken } from "../crypto/tokens";
import { AppError } from "../errors/app-error";
import { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { invitationMessage } from "../notifications/email-templates";
import { tokenLinkUrl } from "../notifications/links";
import { withNotifications } from "../notifications/with-notifications";
import { hashPassword } from "../passwords/hash-password";
import { quotas, tryConsumeQuota } from "../rate-limit/quota";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { issueEmailToken } from "./email-tokens";
import { getAccount, type AccountSummary } from "./get-account";
import { normalizeEmail } from "./normalize-email";

/** How long the invitation's link works: S8's ceiling for an emailed link. */
export const invitationLinkHours = 24;

export type InviteAccountOptions = { db: Db; tenant: Tenant; email: string; name: string; actor: AuditActor; context: RequestContext; clock?: Clock };

const taken = () => new AppError("CONFLICT", "An account with this email already exists.");

/**
 * A tenant app makes an account for someone (tenant API `users.create`) and Rekey mails them a
 * single-use link to choose its password. Until then the account has no usable password: the hash
 * of a random secret nobody ever sees, so signing in to it costs the same hash as any other account
 * (S5) and no password opens it. The link is a password-reset link (the same table, page and
 * single-use consumption, S8) that lives a day instead of an hour; following it also proves the
 * address, so the person can sign in right after. "Forgot password" sends a fresh one.
 */
export async function inviteAccount(options: InviteAccountOptions): Promise<AccountSummary> {
  const { db, tenant, name, actor, context, clock = systemClock } = options;
  const email = normalizeEmail(options.email);
  if (!(await tryConsumeQuota({ name: "invitation-mail", key: tenant.id }))) {
    const { points } = quotas["invitation-mail"];
    throw new AppError("RATE_LIMITED", `This organisation has invited ${points} people within the hour. Invite the others later.`, { retryAfterSeconds: 3600 });
  }
  const passwordHash = await hashPassword(newSecretToken());
  try {
    return await withNotifications(db, async (tx, queueEmail) => {
      const existing = await tx.user.findUnique({ where: { tenantId_email: { tenantId: tenant.id, email } }, select: { id: true } });
      if (existing) throw taken();
      const now = clock.now();
      const user = await tx.user.create({
        data: { id: newId("user"), tenantId: tenant.id, email, name: name.trim(), passwordHash, passwordChangedAt: now, createdAt: now },
        select: { id: true },
      });
      const token = await issueEmailToken({ db: tx, tenantId: tenant.id, userId: user.id, purpose: "reset_password", lifetimeMinutes: invitationLinkHours * 60 });
      await recordAuditEvent({ db: tx, tenantId: tenant.id, userId: user.id, actor, type: "account.invited", context });
      const url = tokenLinkUrl(tenant, "/reset-password", token);
      await queueEmail({ tenantId: tenant.id, userId: user.id, to: email, ...invitationMessage({ tenantName: tenant.name }, { name: name.trim(), url, lifetimeHours: invitationLinkHours }) });
      return getAccount({ db: tx, tenant, userId: user.id });
    });
  } catch (error) {
    // Two invitations of one address at once: the unique index lets one through.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw taken();
    throw error;
  }
}
