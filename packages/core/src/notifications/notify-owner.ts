import type { Tx } from "../db/client";
import type { RequestContext } from "../audit/request-context";
import type { Tenant } from "../tenants/get-tenant-by-slug";
import { queueSecurityNotice, type QueueSecurityNoticeOptions } from "./queue-security-notice";
import type { QueueEmail, QueueSms } from "./with-notifications";

export type NotifyOwnerOptions = {
  tx: Tx;
  queueEmail: QueueEmail;
  queueSms: QueueSms;
  tenant: Tenant;
  user: { id: string; email: string };
  /** The email's sentence or whole message (as queueSecurityNotice takes it), with a "this wasn't me" link. */
  what: QueueSecurityNoticeOptions["what"];
  /** One short sentence for the texts. */
  sms: string;
  /** Numbers to text; by default the account's active text-message methods. */
  phones?: string[];
  context: RequestContext;
};

/** Every verified phone number of an account: its active text-message methods. */
export async function findVerifiedPhones(tx: Tx, tenantId: string, userId: string): Promise<string[]> {
  const factors = await tx.factor.findMany({
    where: { tenantId, userId, type: "sms", activatedAt: { not: null }, phoneE164: { not: null } },
    select: { phoneE164: true },
  });
  return [...new Set(factors.flatMap((factor) => (factor.phoneE164 ? [factor.phoneE164] : [])))];
}

/**
 * Tells the owner about a change to how their account can be recovered on every verified channel
 * (S27): the email with its "this wasn't me" link, and a short text to each verified phone that
 * points to it (a link in a text is easy to fake, so the texts carry none).
 */
export async function notifyOwner(options: NotifyOwnerOptions): Promise<void> {
  const { tx, queueEmail, queueSms, tenant, user, what, sms, context } = options;
  await queueSecurityNotice({ tx, queueEmail, tenant, user, what, context });
  const phones = options.phones ?? (await findVerifiedPhones(tx, tenant.id, user.id));
  for (const to of phones) {
    await queueSms({ tenantId: tenant.id, userId: user.id, to, text: `${tenant.name}: ${sms} If this wasn't you, see the email we sent you.` });
  }
}
